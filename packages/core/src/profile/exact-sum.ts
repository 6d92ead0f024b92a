// Exact sums of doubles as expansions (Shewchuk 1997): a list of non-overlapping doubles, smallest
// magnitude first, whose exact total is the exact total of every value added. Addition of expansions
// is exact, so a sum does not depend on the order its values or its shards came in; `canonical`
// gives the one list (and `roundedSum` the one double) of an exact value.

/** Adds b to the expansion e in place (Grow-Expansion with zero elimination). */
export function addTo(e: number[], b: number): void {
  let q = b
  let k = 0
  for (let i = 0; i < e.length; i++) {
    const x = e[i]
    const s = q + x
    const bv = s - q
    const err = q - (s - bv) + (x - bv)
    if (err !== 0) e[k++] = err
    q = s
  }
  if (q !== 0 || k === 0) e[k++] = q
  if (k !== e.length) e.length = k
}

/** The exact total of two expansions, as a new expansion. */
export function addExpansions(a: readonly number[], b: readonly number[]): number[] {
  const out = [...a]
  for (const v of b) addTo(out, v)
  return out
}

/** The expansion's exact value rounded to the nearest double (ties to even), as Python's math.fsum finishes. */
export function roundedSum(e: readonly number[]): number {
  let n = e.length
  if (n === 0) return 0
  let hi = e[--n]
  let lo = 0
  while (n > 0) {
    const x = hi
    const y = e[--n]
    hi = x + y
    const yr = hi - x
    lo = y - yr
    if (lo !== 0) break
  }
  if (n > 0 && ((lo < 0 && e[n - 1] < 0) || (lo > 0 && e[n - 1] > 0))) {
    const y = lo * 2
    const x = hi + y
    if (y === x - hi) hi = x
  }
  return hi
}

/** The one expansion of the exact value: its rounded double, the rounded remainder, and so on (smallest first). */
export function canonical(e: readonly number[]): number[] {
  const rest = [...e]
  const parts: number[] = []
  for (let v = roundedSum(rest); v !== 0; v = roundedSum(rest)) {
    parts.unshift(v)
    addTo(rest, -v)
  }
  return parts.length ? parts : [0]
}

function split(a: number): [number, number] {
  const c = 134217729 * a
  const hi = c - (c - a)
  return [hi, a - hi]
}

/** a·b exactly, as the rounded product and its error (Dekker): p + e = a·b. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b
  const [ah, al] = split(a)
  const [bh, bl] = split(b)
  return [p, ah * bh - p + ah * bl + al * bh + al * bl]
}

/** k·b − (the exact sum e), correctly rounded: Σ (b − v) over the values of a bucket, without cancellation. */
export function scaledMinus(k: number, b: number, e: readonly number[]): number {
  const out = e.map((v) => -v)
  const [p, err] = twoProduct(k, b)
  addTo(out, p)
  addTo(out, err)
  return roundedSum(out)
}
