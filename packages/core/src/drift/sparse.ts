/** Expected count below which a category is too rare for a test over categories (Cochran's rule of five). */
const MIN_EXPECTED = 5
/** Share of categories allowed below MIN_EXPECTED before the counts are called sparse (Cochran: 20 %). */
const MAX_RARE_SHARE = 0.2
/** Share of the values rare categories must hold to matter: one stray value is an unseen category, not sparse data. */
const MIN_RARE_VALUES = 0.01

export interface Sparsity {
  categories: number
  /** Categories expected fewer than MIN_EXPECTED times on the smaller side, were both sides alike. */
  rare: number
  /** The count over both sides a category needs not to be rare. */
  minTotal: number
}

/**
 * How sparse two sides' category counts are: under "no drift" a category seen t times in all is
 * expected t·n/N times on a side of n values, so on the smaller side it needs t ≥ 5·N/min(n).
 * Undefined when the counts are not sparse (at most 20 % of categories rare, or rare ones holding under 1 % of the values).
 */
export function sparsity(ref: Map<string, number>, cur: Map<string, number>, nr: number, nc: number): Sparsity | undefined {
  const minTotal = (MIN_EXPECTED * (nr + nc)) / Math.max(1, Math.min(nr, nc))
  let categories = 0
  let rare = 0
  let rareValues = 0
  const count = (total: number) => {
    categories++
    if (total >= minTotal) return
    rare++
    rareValues += total
  }
  for (const [k, r] of ref) count(r + (cur.get(k) ?? 0))
  for (const [k, c] of cur) if (!ref.has(k)) count(c)
  return rare > MAX_RARE_SHARE * categories && rareValues >= MIN_RARE_VALUES * (nr + nc) ? { categories, rare, minTotal } : undefined
}

/** The label of the pooled rare categories (not a value any column can hold: it has a control character). */
export const POOLED = '\u0000rare categories'

/**
 * The counts with the rare categories (by their total over both sides, which treats both sides
 * alike under "no drift") pooled into one, so that a chi-square test over them is valid. Undefined
 * when fewer than two groups would remain.
 */
export function poolRare(ref: Map<string, number>, cur: Map<string, number>, s: Sparsity): [Map<string, number>, Map<string, number>] | undefined {
  const pr = new Map<string, number>()
  const pc = new Map<string, number>()
  let poolR = 0
  let poolC = 0
  for (const k of new Set([...ref.keys(), ...cur.keys()])) {
    const r = ref.get(k) ?? 0
    const c = cur.get(k) ?? 0
    if (r + c >= s.minTotal) {
      pr.set(k, r)
      pc.set(k, c)
    } else {
      poolR += r
      poolC += c
    }
  }
  if (poolR + poolC > 0) {
    pr.set(POOLED, poolR)
    pc.set(POOLED, poolC)
  }
  return pr.size >= 2 ? [pr, pc] : undefined
}

export function sparseWarning(s: Sparsity, pooled: boolean, method: string): string {
  const what = `sparse categories: ${s.rare} of ${s.categories} categories are expected fewer than ${MIN_EXPECTED} times on a side`
  if (pooled) return `${what}, which biases distances upward on same-distribution data; compared by a chi-square test with those categories pooled into one`
  return `${what}, so ${method} on them is unreliable (sampling noise alone moves it); consider method chisquare, which pools them`
}
