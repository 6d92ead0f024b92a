import { hashKey, NumberHasher, numberKey, HASH_SPACE } from './hash.ts'
import type { ProfileCategories } from './model.ts'

/** Distinct values counted exactly per column by default. */
export const DEFAULT_CAP = 1000

/** (hash, key) in the order that decides which values are kept: hash first, the key's text on a tie. */
function before(h1: number, k1: string, h2: number, k2: string): boolean {
  return h1 < h2 || (h1 === h2 && k1 < k2)
}

interface Kept {
  key: string
  hash: number
  count: number
}

/** The `cap` kept values of smallest (hash, key), and the count of the others. */
function keepSmallest(entries: Kept[], cap: number): { kept: Kept[]; dropped: number } {
  entries.sort((a, b) => (before(a.hash, a.key, b.hash, b.key) ? -1 : before(b.hash, b.key, a.hash, a.key) ? 1 : 0))
  let dropped = 0
  for (let i = cap; i < entries.length; i++) dropped += entries[i].count
  return { kept: entries.slice(0, cap), dropped }
}

/**
 * Counts a column's present values as they stream in: every value while there are at most `cap`
 * distinct ones, then the `cap` of smallest hash (pruned when twice as many are held, so the memory
 * stays flat); a value past the current threshold is counted in `other` at once.
 */
export class CategoryCounter {
  private readonly texts = new Map<string, number>()
  private readonly numbers = new Map<number, number>()
  private readonly hasher = new NumberHasher()
  private other = 0
  /** The largest (hash, key) still kept; Infinity until the first prune. */
  private limitHash = Infinity
  private limitKey = ''

  constructor(readonly cap: number) {}

  addNumber(v: number): void {
    const key = v === 0 ? 0 : v
    const n = this.numbers.get(key)
    if (n !== undefined) return void this.numbers.set(key, n + 1)
    if (this.limitHash !== Infinity && !this.admits(this.hasher.hash(key), key)) return void this.other++
    this.numbers.set(key, 1)
    this.pruneWhenFull()
  }

  addText(text: string): void {
    const n = this.texts.get(text)
    if (n !== undefined) return void this.texts.set(text, n + 1)
    if (this.limitHash !== Infinity && !this.admits(hashKey(text, this.hasher), text)) return void this.other++
    this.texts.set(text, 1)
    this.pruneWhenFull()
  }

  /** Whether a value of hash h is at or below the kept limit (its key is formed only on a tie of hashes). */
  private admits(h: number, value: number | string): boolean {
    if (h !== this.limitHash) return h < this.limitHash
    const key = typeof value === 'number' ? numberKey(value) : value
    return key <= this.limitKey
  }

  private pruneWhenFull(): void {
    if (this.texts.size + this.numbers.size > 2 * this.cap) this.prune()
  }

  private entries(): Kept[] {
    const out: Kept[] = []
    for (const [v, count] of this.numbers) out.push({ key: numberKey(v), hash: this.hasher.hash(v), count })
    for (const [key, count] of this.texts) out.push({ key, hash: hashKey(key, this.hasher), count })
    return out
  }

  private prune(): void {
    const { kept, dropped } = keepSmallest(this.entries(), this.cap)
    this.other += dropped
    const keep = new Set(kept.map((k) => k.key))
    for (const v of this.numbers.keys()) if (!keep.has(numberKey(v))) this.numbers.delete(v)
    for (const k of this.texts.keys()) if (!keep.has(k)) this.texts.delete(k)
    const last = kept[kept.length - 1]
    this.limitHash = last.hash
    this.limitKey = last.key
  }

  /** The counts as a profile holds them (each value as written: a shard's booleans merge with another's words exactly). */
  result(): ProfileCategories {
    return categoriesOf(this.entries(), this.cap, this.other)
  }
}

/** Profile categories from (key, hash, count) entries (keys may repeat: their counts add) and the count already past the cap. */
function categoriesOf(entries: Kept[], cap: number, other: number): ProfileCategories {
  const byKey = new Map<string, Kept>()
  for (const e of entries) {
    const seen = byKey.get(e.key)
    if (seen) seen.count += e.count
    else byKey.set(e.key, { ...e })
  }
  const { kept, dropped } = keepSmallest([...byKey.values()], cap)
  const total = other + dropped
  // no prototype: a value may be spelled __proto__
  const counts = Object.create(null) as Record<string, number>
  for (const k of [...kept].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) counts[k.key] = k.count
  return { counts, cap, other: total, otherDistinct: total === 0 ? 0 : otherDistinctEstimate(kept, cap) }
}

/** K-minimum values: (k − 1) / (the k-th smallest hash, as a share of the hash space) estimates the distinct values; less the k kept. */
function otherDistinctEstimate(kept: Kept[], cap: number): number {
  const last = kept[kept.length - 1]
  if (!last || kept.length < cap) return 0
  const estimate = ((cap - 1) * HASH_SPACE) / (last.hash + 1)
  return Math.max(1, Math.round(estimate) - cap)
}

/** Whether a profile counted every value of the column (no value past its cap). */
export function complete(c: ProfileCategories): boolean {
  return c.other === 0
}

/** The largest (hash, key) a profile's categories kept when it overflowed: every value at or below it is counted exactly. */
export function keptLimit(c: ProfileCategories, hasher = new NumberHasher()): { hash: number; key: string } {
  if (complete(c)) return { hash: Infinity, key: '' }
  let limit = { hash: -1, key: '' }
  for (const key of Object.keys(c.counts)) {
    const hash = hashKey(key, hasher)
    if (before(limit.hash, limit.key, hash, key)) limit = { hash, key }
  }
  return limit
}

/**
 * The categories of the union of several profiles' columns, whatever their order: only the values at
 * or below every side's limit are counted exactly on every side, and of those the `cap` smallest are kept.
 */
export function mergeCategories(parts: ProfileCategories[]): ProfileCategories {
  const cap = parts[0].cap
  const hasher = new NumberHasher()
  const limits = parts.map((p) => keptLimit(p, hasher))
  const limit = limits.reduce((a, b) => (before(b.hash, b.key, a.hash, a.key) ? b : a))
  let other = 0
  const entries: Kept[] = []
  for (const p of parts) {
    other += p.other
    for (const [key, count] of Object.entries(p.counts)) {
      const hash = hashKey(key, hasher)
      if (limit.hash === Infinity || !before(limit.hash, limit.key, hash, key)) entries.push({ key, hash, count })
      else other += count
    }
  }
  return categoriesOf(entries, cap, other)
}

/** The distinct values of the column: exact when complete, otherwise the kept ones plus the estimate of the others. */
export function distinctValues(c: ProfileCategories): { value: number; exact: boolean } {
  const kept = Object.keys(c.counts).length
  return complete(c) ? { value: kept, exact: true } : { value: kept + c.otherDistinct, exact: false }
}
