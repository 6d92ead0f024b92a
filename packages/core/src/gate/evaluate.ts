import { fmt } from '../report/markdown.ts'
import type { Direction, Rule } from './rules.ts'
import { inferDirection } from './rules.ts'
import type { Metrics } from './sources.ts'

export interface RuleResult {
  name: string
  rule: string
  direction: Direction | null
  directionSource: 'rule' | 'name' | null
  candidate: number | null
  baseline: number | null
  delta: number | null
  deltaRel: number | null
  ci: [number, number] | null
  passed: boolean
  skipped: boolean
  reason: string
  /** The first failure in a few words, for the decision line. */
  summary: string
}

/** The condition a difference must meet, as the lowest acceptable improvement (candidate better = positive). */
function requiredImprovement(r: Rule, base: number): { floor: number; label: string } | undefined {
  const floors: { floor: number; label: string }[] = []
  if (r.minImprovement !== undefined) floors.push({ floor: r.minImprovement, label: `improvement ≥ ${fmt(r.minImprovement)}` })
  if (r.maxRegression !== undefined) floors.push({ floor: -r.maxRegression, label: `regression ≤ ${fmt(r.maxRegression)}` })
  // relative to |baseline|: MLflow divides by the signed baseline, which flips the test for negative baselines
  if (r.minImprovementRel !== undefined) floors.push({ floor: r.minImprovementRel * Math.abs(base), label: `improvement ≥ ${fmt(r.minImprovementRel * 100)}% of |baseline|` })
  if (r.maxRegressionRel !== undefined) floors.push({ floor: -r.maxRegressionRel * Math.abs(base), label: `regression ≤ ${fmt(r.maxRegressionRel * 100)}% of |baseline|` })
  if (!floors.length) return undefined
  return floors.reduce((a, b) => (b.floor > a.floor ? b : a))
}

export function needsBaseline(r: Rule): boolean {
  return r.minImprovement !== undefined || r.maxRegression !== undefined || r.minImprovementRel !== undefined || r.maxRegressionRel !== undefined
}

export function evaluateRule(r: Rule, candidate: Metrics, baseline: Metrics | undefined, ci: Map<string, [number, number]>, confidence: number): RuleResult {
  const direction = r.direction ?? inferDirection(r.metric)
  const res: RuleResult = {
    name: r.metric,
    rule: r.text,
    direction: direction ?? null,
    directionSource: r.direction ? 'rule' : direction ? 'name' : null,
    candidate: candidate.get(r.metric) ?? null,
    baseline: baseline?.get(r.metric) ?? null,
    delta: null,
    deltaRel: null,
    ci: ci.get(r.metric) ?? null,
    passed: true,
    skipped: false,
    reason: '',
    summary: '',
  }
  const missing = (side: string, known: Metrics | undefined) => {
    if (r.missing === 'skip') return { ...res, skipped: true, reason: `skipped: no '${r.metric}' on the ${side} side` }
    const names = known ? [...known.keys()].slice(0, 12).join(', ') : 'none'
    return { ...res, passed: false, reason: `'${r.metric}' is missing on the ${side} side; it has: ${names}`, summary: `${r.metric} missing on the ${side} side` }
  }
  if (res.candidate === null) return missing('candidate', candidate)
  const notNumber = notANumber(r.metric, res, baseline !== undefined && needsBaseline(r))
  if (notNumber) return notNumber
  if (res.baseline !== null) {
    res.delta = res.candidate - res.baseline
    res.deltaRel = res.baseline === 0 ? null : res.delta / Math.abs(res.baseline)
  }
  const failures: string[] = []
  const summaries: string[] = []
  if (r.min !== undefined && res.candidate < r.min) {
    failures.push(`${fmt(res.candidate)} < minimum ${fmt(r.min)}`)
    summaries.push(`${r.metric} ${fmt(res.candidate)} < minimum ${fmt(r.min)}`)
  }
  if (r.max !== undefined && res.candidate > r.max) {
    failures.push(`${fmt(res.candidate)} > maximum ${fmt(r.max)}`)
    summaries.push(`${r.metric} ${fmt(res.candidate)} > maximum ${fmt(r.max)}`)
  }
  if (needsBaseline(r)) {
    if (!baseline) return { ...res, passed: false, reason: `the rule compares with a baseline but none was given`, summary: `${r.metric} has no baseline to compare with` }
    if (res.baseline === null) return missing('baseline', baseline)
    if (!direction)
      return {
        ...res,
        passed: false,
        reason: `cannot tell whether higher or lower '${r.metric}' is better; add direction: higher|lower to its rule`,
        summary: `${r.metric} has no direction (higher|lower)`,
      }
    const sign = direction === 'higher' ? 1 : -1
    const improvement = sign * res.delta!
    const need = requiredImprovement(r, res.baseline)!
    if (improvement < need.floor - 1e-12) {
      failures.push(`${direction === 'higher' ? 'Δ' : 'Δ (lower is better)'} ${fmt(res.delta)} breaks ${need.label}`)
      summaries.push(shortfall(r.metric, improvement, need.floor))
    }
    if (r.significant) {
      if (!res.ci) {
        failures.push('significance was asked for but no interval was computed: give predictions and baseline-predictions, with significance other than none')
        summaries.push(`${r.metric} has no interval (give predictions and baseline-predictions)`)
      } else {
        const lowImprovement = Math.min(sign * res.ci[0], sign * res.ci[1])
        if (lowImprovement < need.floor) {
          failures.push(`the ${fmt(confidence * 100)}% CI ${fmt(res.ci[0])}…${fmt(res.ci[1])} does not clear ${need.label}`)
          summaries.push(need.floor > 0 ? `${r.metric} improvement ≥ ${fmt(need.floor)} not significant` : `${r.metric} regression > margin ${fmt(-need.floor)} not ruled out`)
        }
      }
    }
  }
  res.passed = failures.length === 0
  res.reason = failures.join('; ') || 'ok'
  res.summary = summaries[0] ?? ''
  return res
}

/** A NaN or infinite value cannot be compared: the rule fails and says on which side (JSON shows it as null). */
function notANumber(metric: string, res: RuleResult, withBaseline: boolean): RuleResult | undefined {
  const bad = (v: number | null) => v !== null && !Number.isFinite(v)
  const side = bad(res.candidate) ? 'candidate' : withBaseline && bad(res.baseline) ? 'baseline' : undefined
  if (!side) return undefined
  const summary = `${metric} is ${String(res[side])} on the ${side} side`
  return { ...res, [side]: null, passed: false, reason: `${summary}; a rule needs a finite number`, summary }
}

/** "f1 regressed 0.021 > margin 0.01" or "auc improved 0.004 < required 0.01". */
function shortfall(metric: string, improvement: number, floor: number): string {
  if (floor > 0) return improvement > 0 ? `${metric} improved ${fmt(improvement)} < required ${fmt(floor)}` : `${metric} did not improve (${fmt(improvement)}; required +${fmt(floor)})`
  return floor === 0 ? `${metric} regressed ${fmt(-improvement)} (no regression allowed)` : `${metric} regressed ${fmt(-improvement)} > margin ${fmt(-floor)}`
}

/** Every rule skipped for a missing metric and no slice failed: nothing was checked, which is not a pass. */
export function nothingGated(results: RuleResult[], failedSlices: number): boolean {
  return failedSlices === 0 && results.every((r) => r.skipped)
}

/** "promote: no — f1 regressed 0.021 > margin 0.01 (95% CI −0.030…−0.012)" */
export function decisionLine(results: RuleResult[], confidence: number, slices: string[]): string {
  const failed = results.filter((r) => !r.passed)
  if (nothingGated(results, slices.length)) return `promote: no — no rule gated anything: all ${results.length} rule(s) were skipped, their metrics are missing (missing: skip)`
  if (!failed.length && !slices.length) return `promote: yes — all ${results.filter((r) => !r.skipped).length} rule(s) passed`
  if (!failed.length) return `promote: no — slice(s) failed: ${slices.slice(0, 3).join('; ')}${slices.length > 3 ? `; ${slices.length - 3} more` : ''}`
  const f = failed[0]
  const ci = f.ci ? ` (${fmt(confidence * 100)}% CI ${fmt(f.ci[0])}…${fmt(f.ci[1])})` : ''
  const more = failed.length > 1 ? `; ${failed.length - 1} more rule(s) failed` : ''
  return `promote: no — ${f.summary || `${f.name}: ${f.reason}`}${ci}${more}`
}
