import { fmt } from '../report/markdown.ts'
import type { RetrainRun } from './actions.ts'
import type { Assessment } from './assess.ts'
import type { MonitorPolicy } from './policy.ts'
import type { Decision } from './record.ts'

export interface Ruling {
  decision: Decision
  /** One sentence. */
  reason: string
  /** The policy rule that decided (escalate.<rule>, drift, performance, keep). */
  rule: string
}

const list = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ', …' : '')
/** What held besides the drift, in words that never claim a check that did not run. */
const unchanged = (a: Assessment) => (a.validated ? 'validation passed and the schema is unchanged' : 'the schema is unchanged (no validation schema was given)')
const ESCALATE = 'the cause is unclear, so a person should look before anything is retrained'

/** The ambiguous causes, in order: the first that applies escalates. */
function ambiguity(a: Assessment, policy: MonitorPolicy): Ruling | undefined {
  const on = policy.escalate
  const anyFeature = a.drifted.length > 0
  if (on['validation-errors'] && a.validationErrors > 0)
    return { decision: 'escalate', rule: 'escalate.validation-errors', reason: `Data validation found ${a.validationErrors} error(s) in the window; ${ESCALATE}.` }
  if (on['schema-change'] && a.schemaChanges.length) return { decision: 'escalate', rule: 'escalate.schema-change', reason: `The schema changed (${list(a.schemaChanges)}); ${ESCALATE}.` }
  if (on['unseen-critical'] && a.unseenCritical.length)
    return { decision: 'escalate', rule: 'escalate.unseen-critical', reason: `Critical column(s) ${list(a.unseenCritical)} hold categories the reference never had; ${ESCALATE}.` }
  if (on['prediction-drift-without-feature-drift'] && a.predictionDrift.length && !anyFeature)
    return { decision: 'escalate', rule: 'escalate.prediction-drift-without-feature-drift', reason: `The predictions drifted (${list(a.predictionDrift)}) but no feature did; ${ESCALATE}.` }
  if (on['performance-without-drift'] && a.perfPersisted.met && !anyFeature)
    return { decision: 'escalate', rule: 'escalate.performance-without-drift', reason: `Performance fell below the expected level (${list(a.degraded)}) without any feature drift; ${ESCALATE}.` }
  return undefined
}

/** The policy's decision on one window, before the code host is asked about earlier retrain runs. */
export function rule(a: Assessment, policy: MonitorPolicy): Ruling {
  const ambiguous = ambiguity(a, policy)
  if (ambiguous) return ambiguous
  const { k, n } = policy.drift.persistence
  const persistence = n > 1 ? ` in ${a.persisted.hits} of the last ${a.persisted.of} windows (persistence ${k} of ${n})` : ''
  const features = `${a.drifted.length} of ${a.compared} feature columns drifted (${list(a.drifted)})`
  if (a.persisted.met) {
    const perf = a.degraded.length ? ` and performance fell (${list(a.degraded)})` : ''
    return { decision: 'retrain', rule: 'drift', reason: `Features drifted${persistence}: ${features}${perf}, while ${unchanged(a)}, so the model is retrained.` }
  }
  if (a.perfPersisted.met)
    return {
      decision: 'retrain',
      rule: 'performance',
      reason: `Performance fell below the expected level (${list(a.degraded)}) with feature drift (${list(a.drifted)}), while ${unchanged(a)}, so the model is retrained.`,
    }
  if (a.windowDrifted)
    return {
      decision: 'keep',
      rule: 'drift.persistence',
      reason: `Features drifted in ${a.persisted.hits} of the last ${a.persisted.of} windows, short of the persistence ${k} of ${n}: waiting for more windows.`,
    }
  if (a.degraded.length)
    return {
      decision: 'keep',
      rule: 'performance.persistence',
      reason: `Performance fell (${list(a.degraded)}) in ${a.perfPersisted.hits} of the last ${a.perfPersisted.of} windows, short of the persistence: waiting for more windows.`,
    }
  if (a.drifted.length) return { decision: 'keep', rule: 'drift.share', reason: `Only ${features}, ${fmt(a.share * 100)}% < ${fmt(policy.drift.share * 100)}%: no retrain.` }
  const below = a.below.length ? `; ${list(a.below)} below the limit, but the interval reaches it` : ''
  const perf = a.measured ? 'no performance loss' : 'no labelled predictions to measure performance on'
  return { decision: 'keep', rule: 'keep', reason: `No feature drift, ${perf}${below}; ${unchanged(a)}: the model is kept.` }
}

/** A retrain ruling's reason without its closing ', so the model is retrained.', to say why none is dispatched instead. */
const withoutRetrain = (reason: string) => reason.replace(/, so the model is retrained\.$/, '')

/** Whether a retrain is dispatched now, given the event's earlier runs (found through the code host's API). */
export type Dispatch = { kind: 'dispatch' } | { kind: 'in-progress'; run: RetrainRun } | { kind: 'cooldown'; run: RetrainRun; until: string }

/**
 * The retrain decision against the event's runs: a run still going, or a successful one inside the cooldown (the time a
 * retrained model needs to show in the windows), is not dispatched again; a failed run, or a successful one past the
 * cooldown while its event is still open, did not fix the drift, so the case escalates (escalate.retrain-did-not-fix).
 */
export function withRuns(r: Ruling, runs: RetrainRun[], policy: MonitorPolicy, at: string): { ruling: Ruling; dispatch?: Dispatch } {
  if (r.decision !== 'retrain') return { ruling: r }
  const newest = [...runs].sort((x, y) => y.created.localeCompare(x.created))
  const going = newest.find((x) => x.status !== 'completed')
  if (going)
    return {
      ruling: { ...r, reason: `${withoutRetrain(r.reason)}; its retrain run is ${going.status.replace('_', ' ')} (${going.url}), so none is dispatched again.` },
      dispatch: { kind: 'in-progress', run: going },
    }
  const last = newest[0]
  if (!last) return { ruling: r, dispatch: { kind: 'dispatch' } }
  const until = new Date(Date.parse(last.created) + policy.retrain.cooldownHours * 3_600_000)
  const failed = last.conclusion !== 'success'
  const cooling = until.getTime() > Date.parse(at)
  if (policy.escalate['retrain-did-not-fix'] && (failed || !cooling)) {
    const how = failed ? `the retrain run ${last.url} ended in ${last.conclusion ?? 'no conclusion'}` : `the drift persists after the retrain run ${last.url} succeeded`
    return { ruling: { decision: 'escalate', rule: 'escalate.retrain-did-not-fix', reason: `A retrain did not fix this drift: ${how}; ${ESCALATE}.` } }
  }
  if (cooling)
    return {
      ruling: {
        ...r,
        reason: `${withoutRetrain(r.reason)}; the last retrain (${last.url}) is within the ${fmt(policy.retrain.cooldownHours)} h cooldown until ${until.toISOString()}, so none is dispatched.`,
      },
      dispatch: { kind: 'cooldown', run: last, until: until.toISOString() },
    }
  return { ruling: r, dispatch: { kind: 'dispatch' } }
}
