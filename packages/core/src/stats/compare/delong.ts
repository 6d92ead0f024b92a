// DeLong's test comparing two correlated ROC AUCs.
import { normalSf } from '../special.ts'

/** DeLong's test for the difference of two correlated ROC AUCs on the same rows (binary labels). */
export function delong(yPositive: Uint8Array, a: Float64Array, b: Float64Array): { aucA: number; aucB: number; delta: number; se: number; z: number; pValue: number } {
  const pos: number[] = []
  const neg: number[] = []
  yPositive.forEach((v, i) => (v ? pos : neg).push(i))
  const m = pos.length
  const n = neg.length
  const place = (s: Float64Array) => {
    // placement values via sorting: V10(x) = share of negatives below x (+½ ties); V01(y) = share of positives above y (+½ ties)
    const negScores = Float64Array.from(neg, (i) => s[i]).sort()
    const posScores = Float64Array.from(pos, (i) => s[i]).sort()
    const below = (arr: Float64Array, x: number) => {
      let lo = 0
      let hi = arr.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (arr[mid] < x) lo = mid + 1
        else hi = mid
      }
      let eq = lo
      while (eq < arr.length && arr[eq] === x) eq++
      return { less: lo, ties: eq - lo }
    }
    const v10 = Float64Array.from(pos, (i) => {
      const r = below(negScores, s[i])
      return (r.less + r.ties / 2) / n
    })
    const v01 = Float64Array.from(neg, (i) => {
      const r = below(posScores, s[i])
      return (m - r.less - r.ties + r.ties / 2) / m
    })
    let auc = 0
    for (const v of v10) auc += v
    return { v10, v01, auc: auc / m }
  }
  const A = place(a)
  const B = place(b)
  const cov = (x: Float64Array, y: Float64Array) => {
    const len = x.length
    let mx = 0
    let my = 0
    for (let i = 0; i < len; i++) [mx, my] = [mx + x[i] / len, my + y[i] / len]
    let s = 0
    for (let i = 0; i < len; i++) s += (x[i] - mx) * (y[i] - my)
    return s / (len - 1)
  }
  const s10 = cov(A.v10, A.v10) + cov(B.v10, B.v10) - 2 * cov(A.v10, B.v10)
  const s01 = cov(A.v01, A.v01) + cov(B.v01, B.v01) - 2 * cov(A.v01, B.v01)
  const se = Math.sqrt(s10 / m + s01 / n)
  const delta = A.auc - B.auc
  const z = se === 0 ? 0 : delta / se
  return { aucA: A.auc, aucB: B.auc, delta, se, z, pValue: se === 0 ? 1 : Math.min(1, 2 * normalSf(Math.abs(z))) }
}
