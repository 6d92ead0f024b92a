import { ConfigurationError } from '../errors.ts'
import type { Row } from '../io/row.ts'
import { textLanes } from './hash.ts'
import type { ProfileKeys } from './model.ts'

/** Bits of each row's key hash. */
export const KEY_HASH_BITS = 64

/**
 * A 64-bit hash of each row's key (the key fields' texts, joined by a separator no text holds), kept
 * sorted so that shards' keys merge and duplicates across shards are found. 8 bytes per row: the one
 * part of a profile that grows with the data. Two different keys share a hash with probability about
 * n² / 2⁶⁵ over n rows (n = 10⁸: 3 × 10⁻⁴), so a duplicate found may, that rarely, be a collision.
 */
export class KeyHashes {
  private hashes = new BigUint64Array(1 << 12)
  private n = 0
  private at: number[] = []

  constructor(readonly fields: string[]) {}

  header(names: string[]): void {
    const index = new Map(names.map((n, i) => [n, i]))
    this.at = this.fields.map((f) => index.get(f) ?? -1)
  }

  add(row: Row): void {
    const key = this.at.map((j) => (j < 0 || row.isEmpty(j) ? '' : row.text(j))).join('\u0000\u0001')
    const [a, b] = textLanes(key)
    if (this.n === this.hashes.length) {
      const next = new BigUint64Array(this.hashes.length * 2)
      next.set(this.hashes)
      this.hashes = next
    }
    this.hashes[this.n++] = (BigInt(a) << 32n) | BigInt(b)
  }

  checkFields(columns: string[]): void {
    const missing = this.fields.find((f) => !columns.includes(f))
    if (missing !== undefined) throw new ConfigurationError(`The key field '${missing}' is not a column of the data.`)
  }

  result(): ProfileKeys {
    const sorted = this.hashes.slice(0, this.n).sort()
    const bytes = Buffer.alloc(this.n * 8)
    for (let i = 0; i < this.n; i++) bytes.writeBigUInt64BE(sorted[i], i * 8)
    return { fields: this.fields, hashBits: KEY_HASH_BITS, hashes: bytes.toString('base64') }
  }
}

/** The key hashes of several profiles in one sorted array. */
function sortedHashes(parts: ProfileKeys[]): BigUint64Array {
  const all = parts.map((p) => Buffer.from(p.hashes, 'base64'))
  const hashes = new BigUint64Array(all.reduce((a, b) => a + b.length / 8, 0))
  let k = 0
  for (const b of all) for (let i = 0; i < b.length; i += 8) hashes[k++] = b.readBigUInt64BE(i)
  return hashes.sort()
}

/** Entries of a sorted array equal to the one before them. */
function repeats(hashes: BigUint64Array): number {
  let duplicates = 0
  for (let i = 1; i < hashes.length; i++) if (hashes[i] === hashes[i - 1]) duplicates++
  return duplicates
}

/** Key hashes of several profiles merged (sorted), and how many rows share a hash with an earlier one. */
export function mergeKeys(parts: ProfileKeys[]): { keys: ProfileKeys; duplicates: number } {
  const hashes = sortedHashes(parts)
  const bytes = Buffer.alloc(hashes.length * 8)
  for (let i = 0; i < hashes.length; i++) bytes.writeBigUInt64BE(hashes[i], i * 8)
  return { keys: { fields: parts[0].fields, hashBits: KEY_HASH_BITS, hashes: bytes.toString('base64') }, duplicates: repeats(hashes) }
}

/** Rows of a profile whose key hash equals an earlier row's (0: the key is unique, up to the collision bound). */
export function duplicateKeys(k: ProfileKeys): number {
  return repeats(sortedHashes([k]))
}
