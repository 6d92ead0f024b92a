import { fmt } from '../report/markdown.ts'
import { zTwoProportions } from '../stats/contingency.ts'
import type { ColumnDrift, Decision, ShareCheck } from './column.ts'
import { METHODS } from './methods.ts'

/**
 * The share of some cells (missing, not numbers) on both sides, tested by a two-proportion z-test:
 * drift is a significant change of at least one percentage point (large samples make tiny changes significant).
 */
export function shareCheck(refCount: number, refRows: number, curCount: number, curRows: number, enabled: boolean): ShareCheck {
  const reference = refRows ? refCount / refRows : 0
  const current = curRows ? curCount / curRows : 0
  if (!enabled || (refCount === 0 && curCount === 0)) return { reference, current, pValue: null, drifted: false }
  const { pValue } = zTwoProportions(refCount, refRows, curCount, curRows)
  return { reference, current, pValue, drifted: pValue < 0.05 && Math.abs(current - reference) >= 0.01 }
}

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${fmt(p)}`
}

function shareText(what: string, s: ShareCheck): string {
  return `${what} ${fmt(s.reference * 100)}% → ${fmt(s.current * 100)}%, z ${pText(s.pValue ?? 1)}`
}

/** A drifted share as the decision: its change, tested by the z-test. */
function shareDecision(test: 'missing share' | 'non-numeric share', s: ShareCheck): Decision {
  return { test, method: 'z', statistic: s.current - s.reference, pValue: s.pValue, text: shareText(test, s) }
}

/** The value test in words: "ks p = 0.3", "jensenshannon 0.17 (threshold 0.1)". */
function valueTestText(c: ColumnDrift): string | undefined {
  if (!c.method || c.statistic === null) return undefined
  if (METHODS[c.method].kind === 'p-value') return `${c.method} ${pText(c.pValueCorrected ?? c.pValue ?? 1)}`
  return `${c.method} ${fmt(c.statistic)} (threshold ${fmt(c.threshold)})`
}

/**
 * Settles whether a column drifted and which test decided it: the value test first, then the share
 * of missing cells, then the share of cells that are not numbers. The deciding test leads the why.
 */
export function decide(c: ColumnDrift): void {
  const valueDrift = c.drifted
  const decisions: Decision[] = []
  if (valueDrift) decisions.push({ test: 'value', method: c.method, statistic: c.statistic, pValue: c.pValueCorrected ?? c.pValue, text: valueTestText(c)! })
  if (c.missingShare.drifted) decisions.push(shareDecision('missing share', c.missingShare))
  if (c.nonNumericShare?.drifted) decisions.push(shareDecision('non-numeric share', c.nonNumericShare))
  c.decidedBy = decisions[0] ?? null
  c.drifted = decisions.length > 0
  if (!c.drifted || valueDrift) {
    // the value test decided (or nothing did): the other drifted shares follow it
    const others = decisions.slice(1).map((d) => d.text)
    if (others.length) c.why = [c.why, ...others].filter(Boolean).join('; ')
    return
  }
  const value = valueTestText(c)
  c.why = [...decisions.map((d) => d.text), value ? `values: ${value}, no drift` : '', c.why].filter(Boolean).join('; ')
}
