// Two-sample Cramér–von Mises test as scipy.stats.cramervonmises_2samp(method='auto'): the exact
// p-value when neither sample has more than 20 values, the asymptotic one above.
import { besselK, logGamma } from './special.ts'

/** Limiting CDF of the one-sample Cramér–von Mises statistic (Csörgő & Faraway, eq. 1.3). */
function cvmLimitCdf(x: number): number {
  let total = 0
  for (let k = 0; k < 200; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x))
    const y = 4 * k + 1
    const q = (y * y) / (16 * x)
    const term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q)
    total += term
    if (Math.abs(term) < 1e-7) break
  }
  return total
}

/** Midranks of the pooled sorted samples, returned per sample. */
function ranks(a: Float64Array, b: Float64Array): { ra: Float64Array; rb: Float64Array } {
  const ra = new Float64Array(a.length)
  const rb = new Float64Array(b.length)
  let i = 0
  let j = 0
  let rank = 0
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j]
    let ci = i
    let cj = j
    while (ci < a.length && a[ci] === x) ci++
    while (cj < b.length && b[cj] === x) cj++
    const ties = ci - i + (cj - j)
    const mid = rank + (ties + 1) / 2
    for (let k = i; k < ci; k++) ra[k] = mid
    for (let k = j; k < cj; k++) rb[k] = mid
    rank += ties
    i = ci
    j = cj
  }
  return { ra, rb }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

/**
 * Exact P(ζ ≥ zeta) over all C(m+n, m) orderings of the pooled samples, where ζ sums (a·i − b·j)²
 * over the lattice points (i, j) an ordering passes (a = L/m, b = L/n, L = lcm(m, n)); a frequency
 * table of partial sums is carried across the grid (Xiao, Gordon & Yakovlev 2006).
 */
function exactUpperTail(m: number, n: number, zeta: number): number {
  const L = (m / gcd(m, n)) * n
  const a = L / m
  const b = L / n
  let row: Map<number, number>[] = []
  for (let i = 0; i <= m; i++) {
    const next: Map<number, number>[] = []
    for (let j = 0; j <= n; j++) {
      const d = a * i - b * j
      const add = d * d
      const table = new Map<number, number>()
      if (i === 0 && j === 0) table.set(0, 1)
      for (const from of [i > 0 ? row[j] : undefined, j > 0 ? next[j - 1] : undefined]) if (from) for (const [sum, count] of from) table.set(sum + add, (table.get(sum + add) ?? 0) + count)
      next.push(table)
    }
    row = next
  }
  let total = 0
  let above = 0
  for (const [sum, count] of row[n]) {
    total += count
    if (sum >= zeta) above += count
  }
  return above / total
}

export function cramerVonMises(a: Float64Array, b: Float64Array): { statistic: number; pValue: number } {
  const nx = a.length
  const ny = b.length
  const { ra, rb } = ranks(a, b)
  let ux = 0
  for (let i = 0; i < nx; i++) ux += (ra[i] - (i + 1)) ** 2
  let uy = 0
  for (let j = 0; j < ny; j++) uy += (rb[j] - (j + 1)) ** 2
  const u = nx * ux + ny * uy
  const k = nx * ny
  const N = nx + ny
  const t = u / (k * N) - (4 * k - 1) / (6 * N)
  if (Math.max(nx, ny) <= 20) {
    // U in lattice units, rounded down as scipy does
    const L = (nx / gcd(nx, ny)) * ny
    const zeta = Math.floor((L * L * N * (6 * u - k * (4 * k - 1))) / (6 * k * k))
    return { statistic: t, pValue: Math.min(1, exactUpperTail(nx, ny, zeta)) }
  }
  const et = (1 + 1 / N) / 6
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k)
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt)
  const pValue = tn < 0.003 ? 1 : Math.max(0, 1 - cvmLimitCdf(tn))
  return { statistic: t, pValue }
}
