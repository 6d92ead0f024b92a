/** Per column: 0 = not read, 1 = number, 2 = text (hash, start, end). */
export type KernelKind = 0 | 1 | 2

export interface KernelHost {
  /** Bytes the chunk reader fills (a view of the kernel's memory). */
  data: Buffer
  /** Per column: f64 values (numbers) or [hash, start, end, code] (text), valid for the rows of the last call. */
  numbers: (Float64Array | undefined)[]
  texts: (Int32Array | undefined)[]
  status: Uint8Array[]
  /**
   * Per column, the sums of the last call. Numbers: [count, shift, Σ(v − shift), Σ(v − shift)², min, max,
   * empty, other, with point]; text: [known, …, empty (6), quoted (7), …, unknown (9)].
   */
  sums: (Float64Array | undefined)[]
  /** Teaches the kernel a text value of column j (bytes data[s, e), hash h): it then reports `code` for it. False when the table is full. */
  remember(j: number, s: number, e: number, h: number, code: number): boolean
  maxRows: number
  /** Parses rows from data[pos, to); returns rows (≤ maxRows) or a negative code; `end()` is where it stopped. */
  parse(pos: number, to: number): number
  end(): number
}

/** Why the kernel stopped, by its negative result. */
export const KERNEL_ERRORS: Record<number, string> = { [-1]: 'ragged row', [-2]: 'extra cells', [-3]: 'quote runs past the range', [-4]: 'bare carriage return', [-5]: 'blank row' }

/**
 * Instantiates the CSV kernel (csv-kernel.wat) with a memory laid out for one file's columns:
 * the data area, the column tables, then each column's output and status arrays. Without `moments` the
 * number columns' sums hold counts only (no shift, Σ, Σ², min or max).
 */
export function kernelHost(wasm: Uint8Array, dataCap: number, kinds: KernelKind[], delimiter: number, rowsWanted: number, moments = true): KernelHost {
  // the global WebAssembly object (Node's type definitions leave it out)
  const wa = (globalThis as unknown as { WebAssembly: { Instance: new (m: unknown, i: object) => { exports: unknown }; Module: new (b: Uint8Array) => unknown } }).WebAssembly
  const instance = new wa.Instance(new wa.Module(wasm), {})
  const exports = instance.exports as { memory: { buffer: ArrayBuffer; grow(pages: number): number }; parse: (...a: number[]) => number; end: () => number }
  const width = kinds.length
  const { kindsAt, outsAt, statsAt, powAt, sumsAt, memosAt, arenaAt, arenaCap, TABLE, tables, outs, stats, maxRows, at } = kernelLayout(kinds, dataCap, rowsWanted)
  const memory = exports.memory
  const pages = Math.ceil(at / 65536)
  if (pages > memory.buffer.byteLength / 65536) memory.grow(pages - memory.buffer.byteLength / 65536)
  const buffer = memory.buffer
  new Int32Array(buffer, kindsAt, width).set(kinds)
  new Int32Array(buffer, outsAt, width).set(outs)
  new Int32Array(buffer, statsAt, width).set(stats)
  const pow = new Float64Array(buffer, powAt, 23)
  for (let i = 0, p = 1; i < 23; i++, p *= 10) pow[i] = p
  const sumsAll = new Float64Array(buffer, sumsAt, width * 16)
  const summed = kinds.map((k, j) => (k === 0 ? -1 : j)).filter((j) => j >= 0)
  const memos = new Int32Array(buffer, memosAt, width * 2)
  const words = new Int32Array(buffer)
  const bytes = new Uint8Array(buffer)
  const used = kinds.map(() => 0)
  let arenaUsed = 0
  let calls = 0
  const learns = kinds.includes(2)
  const sameBytes = (a: number, b: number, len: number) => {
    for (let i = 0; i < len; i++) if (bytes[a + i] !== bytes[b + i]) return false
    return true
  }
  kinds.forEach((k, j) => {
    if (k !== 2) return
    memos[2 * j] = tables[j]
    memos[2 * j + 1] = TABLE - 1
    for (let i = 0; i < TABLE; i++) words[(tables[j] >> 2) + 4 * i + 2] = -1
  })
  return {
    data: Buffer.from(buffer, 0, dataCap),
    numbers: kinds.map((k, j) => (k === 1 ? new Float64Array(buffer, outs[j], maxRows) : undefined)),
    texts: kinds.map((k, j) => (k === 2 ? new Int32Array(buffer, outs[j], maxRows * 4) : undefined)),
    status: kinds.map((k, j) => new Uint8Array(buffer, stats[j], k === 0 ? 0 : maxRows)),
    sums: kinds.map((k, j) => (k === 0 ? undefined : sumsAll.subarray(j * 16, j * 16 + 16))),
    maxRows,
    parse: (pos, to) => {
      for (const j of summed) {
        sumsAll.fill(0, j * 16, j * 16 + 16)
        sumsAll[j * 16 + 4] = Infinity
        sumsAll[j * 16 + 5] = -Infinity
      }
      // with text columns the first calls read few rows (64, then 1024): the values they teach the
      // memo tables are known to the next calls (within one call every repeat of a new value is unknown)
      const rows = learns && calls < 2 ? Math.min(maxRows, 64 << (4 * calls)) : maxRows
      calls++
      return exports.parse(pos, to, width, delimiter, kindsAt, outsAt, statsAt, powAt, rows, sumsAt, memosAt, moments ? 1 : 0)
    },
    remember: (j, s, e, h, code) => {
      const len = e - s
      if (kinds[j] !== 2 || used[j] * 2 >= TABLE || arenaUsed + len > arenaCap) return false
      const base = tables[j] >> 2
      let slot = h & (TABLE - 1)
      while (words[base + 4 * slot + 2] !== -1) {
        const at = base + 4 * slot
        // already known (the caller asked twice within one call)
        if (words[at] === h && words[at + 2] === len && sameBytes(words[at + 1], s, len)) return true
        slot = (slot + 1) & (TABLE - 1)
      }
      bytes.copyWithin(arenaAt + arenaUsed, s, e)
      const at = base + 4 * slot
      words[at] = h
      words[at + 1] = arenaAt + arenaUsed
      words[at + 3] = code
      words[at + 2] = len
      arenaUsed += len
      used[j]++
      return true
    },
    end: () => exports.end(),
  }
}

/** Where each part of the kernel's memory sits for one file's columns (see kernelHost), and its end. */
function kernelLayout(kinds: KernelKind[], dataCap: number, rowsWanted: number) {
  const width = kinds.length
  const align = (n: number) => Math.ceil(n / 8) * 8
  // output for at most ~24 MB per call, whatever the width (a 2 000-column file gets fewer rows per call)
  const bytesPerRow = kinds.reduce((a: number, k) => a + (k === 1 ? 9 : k === 2 ? 17 : 0), 0) || 1
  const maxRows = Math.max(64, Math.min(rowsWanted, Math.floor((24 << 20) / bytesPerRow)))
  let at = align(dataCap + 16)
  const kindsAt = at
  at += width * 4
  const outsAt = at
  at += width * 4
  const statsAt = at
  at += width * 4
  at = align(at)
  const powAt = at
  at += 23 * 8
  const sumsAt = at
  at += width * 128
  const memosAt = at
  at += width * 8
  // per text column a memo table (filled to half at most; smaller when there are many), then one shared arena
  const texts = kinds.filter((k) => k === 2).length
  const TABLE = texts > 256 ? 256 : texts > 32 ? 1024 : 4096
  const tables: number[] = []
  for (const k of kinds) {
    tables.push(k === 2 ? at : 0)
    at += k === 2 ? TABLE * 16 : 0
  }
  const arenaAt = at
  const arenaCap = 1 << 20
  at += arenaCap
  const outs: number[] = []
  const stats: number[] = []
  for (const k of kinds) {
    outs.push(at)
    at += k === 1 ? maxRows * 8 : k === 2 ? maxRows * 16 : 0
    stats.push(at)
    at += k === 0 ? 0 : align(maxRows)
  }
  return { kindsAt, outsAt, statsAt, powAt, sumsAt, memosAt, arenaAt, arenaCap, TABLE, tables, outs, stats, maxRows, at }
}
