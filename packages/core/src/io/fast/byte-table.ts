/**
 * Numbers keyed by byte sequences (open addressing on FNV-1a hashes, keys copied into an arena): the
 * workers' memo of text verdicts and their dictionaries of text codes. A table that does not grow
 * stops taking keys at half its slots.
 */
export function byteTable(slots: number, grows: boolean) {
  let size = slots
  let hashes = new Int32Array(size)
  let lens = new Int32Array(size).fill(-1)
  let offs = new Int32Array(size)
  let vals = new Int32Array(size)
  let arena = new Uint8Array(1 << 16)
  let arenaUsed = 0
  let used = 0

  /** The slot holding bytes [s, e) of `buf` with hash h, or the free slot where they would go. */
  function find(buf: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s
    let i = h & (size - 1)
    for (;;) {
      const l = lens[i]
      if (l === -1) return i
      if (l === len && hashes[i] === h) {
        let o = offs[i]
        let p = s
        while (p < e && arena[o] === buf[p]) {
          o++
          p++
        }
        if (p === e) return i
      }
      i = (i + 1) & (size - 1)
    }
  }

  function grow(): void {
    size *= 2
    ;({ hashes, lens, offs, vals } = rehashed({ hashes, lens, offs, vals }, size))
  }

  return {
    /** FNV-1a of bytes [s, e), as the CSV kernel computes it. */
    hash: fnv1a,
    /** The value of bytes [s, e) with hash h, or undefined. */
    get(buf: Uint8Array, s: number, e: number, h: number): number | undefined {
      const i = find(buf, s, e, h)
      return lens[i] === -1 ? undefined : vals[i]
    },
    /** Remembers a value for bytes [s, e); false when a table that does not grow is full. */
    set(buf: Uint8Array, s: number, e: number, h: number, value: number): boolean {
      if (!grows && used * 2 >= size) return false
      const i = find(buf, s, e, h)
      if (lens[i] === -1) {
        const len = e - s
        if (arenaUsed + len > arena.length) {
          const next = new Uint8Array(Math.max(arena.length * 2, arenaUsed + len))
          next.set(arena)
          arena = next
        }
        arena.set(buf.subarray(s, e), arenaUsed)
        hashes[i] = h
        lens[i] = len
        offs[i] = arenaUsed
        arenaUsed += len
        used++
      }
      vals[i] = value
      if (grows && used * 2 > size) grow()
      return true
    },
  }
}

/** FNV-1a of bytes [s, e), as the CSV kernel computes it. */
function fnv1a(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0
  for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p], 0x01000193)
  return h
}

interface Slots {
  hashes: Int32Array<ArrayBuffer>
  lens: Int32Array<ArrayBuffer>
  offs: Int32Array<ArrayBuffer>
  vals: Int32Array<ArrayBuffer>
}

/** The occupied slots of `old` placed again in a table of `size` slots. */
function rehashed(old: Slots, size: number): Slots {
  const next: Slots = { hashes: new Int32Array(size), lens: new Int32Array(size).fill(-1), offs: new Int32Array(size), vals: new Int32Array(size) }
  for (let i = 0; i < old.lens.length; i++) {
    if (old.lens[i] === -1) continue
    let j = old.hashes[i] & (size - 1)
    while (next.lens[j] !== -1) j = (j + 1) & (size - 1)
    next.hashes[j] = old.hashes[i]
    next.lens[j] = old.lens[i]
    next.offs[j] = old.offs[i]
    next.vals[j] = old.vals[i]
  }
  return next
}
