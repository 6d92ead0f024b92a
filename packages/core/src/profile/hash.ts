// The 53-bit value hash that decides which categories a profile counts exactly (the K smallest) and
// estimates the distinct values past them (K-minimum values). Hand-written: no installed dependency
// hashes to 53 bits or keeps such a sketch. Two 32-bit lanes, each finished by murmur3's fmix32.

/** Hashes a JS number can hold exactly: [0, 2^53). */
export const HASH_SPACE = 2 ** 53

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function combine(a: number, b: number): number {
  return (fmix32(a) & 0x1fffff) * 2 ** 32 + fmix32(b)
}

/** Two independent 32-bit hashes of a text (its UTF-16 code units). */
export function textLanes(text: string): [number, number] {
  let a = 0x811c9dc5
  let b = 0x9747b28c ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  return [fmix32(a), fmix32(b)]
}

/** The hash of a text value. */
function hashText(text: string): number {
  const [a, b] = textLanes(text)
  return (a & 0x1fffff) * 2 ** 32 + b
}

/** Hashes numbers by their IEEE 754 bits (−0 as 0); the instance holds the scratch words (one per accumulator). */
export class NumberHasher {
  private readonly bits = new Float64Array(1)
  private readonly words = new Uint32Array(this.bits.buffer)

  hash(v: number): number {
    this.bits[0] = v === 0 ? 0 : v
    const lo = this.words[0]
    const hi = this.words[1]
    return combine(Math.imul(lo ^ 0x27d4eb2d, 0x165667b1) ^ hi, Math.imul(hi ^ 0x3c6ef372, 0x9e3779b1) ^ lo)
  }
}

/** The canonical key of a number as a category: String(v), read back by Number to the same value. */
export function numberKey(v: number): string {
  return String(v === 0 ? 0 : v)
}

/** The number a category key stands for when it is a canonical number key, otherwise undefined. */
export function keyNumber(key: string): number | undefined {
  const n = Number(key)
  return key !== '' && Number.isFinite(n) && numberKey(n) === key ? n : undefined
}

/** The hash of a category key as profiles store it: a canonical number key by its number, any other by its text. */
export function hashKey(key: string, numbers: NumberHasher): number {
  const n = keyNumber(key)
  return n === undefined ? hashText(key) : numbers.hash(n)
}
