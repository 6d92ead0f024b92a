// Tests on category counts: χ² homogeneity over the union of categories, and the pooled two-proportion z-test.
import { chiSquareSf, normalSf } from './special.ts'

/** χ² test of homogeneity on the 2×k table (scipy chi2_contingency, correction=False). Categories seen on neither side are dropped. */
export function chiSquareHomogeneity(ref: ArrayLike<number>, cur: ArrayLike<number>): { statistic: number; pValue: number; dof: number } {
  let nr = 0
  let nc = 0
  for (let i = 0; i < ref.length; i++) {
    nr += ref[i]
    nc += cur[i]
  }
  const n = nr + nc
  let stat = 0
  let k = 0
  for (let i = 0; i < ref.length; i++) {
    const col = ref[i] + cur[i]
    if (col === 0) continue
    k++
    const er = (nr * col) / n
    const ec = (nc * col) / n
    stat += (ref[i] - er) ** 2 / er + (cur[i] - ec) ** 2 / ec
  }
  const dof = Math.max(k - 1, 1)
  return { statistic: stat, pValue: k < 2 ? 1 : chiSquareSf(stat, dof), dof }
}

/** Pooled two-proportion z-test, two-sided. */
export function zTwoProportions(x1: number, n1: number, x2: number, n2: number): { statistic: number; pValue: number } {
  const p = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
  if (se === 0) return { statistic: 0, pValue: 1 }
  const z = (x1 / n1 - x2 / n2) / se
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) }
}

/** Bonferroni: p × m, capped at 1. */
export function bonferroni(p: number[]): number[] {
  return p.map((v) => Math.min(1, v * p.length))
}

/** Benjamini–Hochberg adjusted p-values (statsmodels fdr_bh). */
export function benjaminiHochberg(p: number[]): number[] {
  const m = p.length
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const out = new Array<number>(m)
  let min = 1
  for (let r = m - 1; r >= 0; r--) {
    const [v, i] = order[r]
    min = Math.min(min, (v * m) / (r + 1))
    out[i] = min
  }
  return out
}
