import type { ColumnRecord, MetricRecord, WindowRecord } from './record.ts'
import type { MonitorPolicy } from './policy.ts'
import { kOfN } from './trend.ts'

/** What a window shows, before the policy decides: the facts every rule reads. */
export interface WindowFacts {
  columns: ColumnRecord[]
  schema: WindowRecord['schema']
  validation: WindowRecord['validation']
  metrics: MetricRecord[]
}

export interface Assessment {
  /** Feature columns that drifted in this window, and their share of the compared features. */
  drifted: string[]
  compared: number
  share: number
  /** This window drifted: a feature column drifted and their share is ≥ drift.share (default 0: any), or a critical feature drifted. */
  windowDrifted: boolean
  /** drift.persistence over the history and this window. */
  persisted: { hits: number; of: number; met: boolean }
  predictionDrift: string[]
  unseenCritical: string[]
  degraded: string[]
  /** Metrics whose value is below the limit while their interval reaches it: not acted on. */
  below: string[]
  /** Whether performance was measured (labelled predictions given) and the window validated (a schema given). */
  measured: boolean
  validated: boolean
  perfPersisted: { hits: number; of: number; met: boolean }
  schemaChanges: string[]
  validationErrors: number
}

/** Whether a window's columns drifted as the policy counts it (the one place of this rule). */
export function windowDrifted(columns: ColumnRecord[], policy: MonitorPolicy): { drifted: string[]; compared: number; share: number; flag: boolean } {
  const features = columns.filter((c) => c.role === 'feature' && !c.skipped)
  const drifted = features.filter((c) => c.drifted).map((c) => c.name)
  const share = features.length ? drifted.length / features.length : 0
  const critical = drifted.some((d) => policy.critical.includes(d))
  return { drifted, compared: features.length, share, flag: drifted.length > 0 && (share >= policy.drift.share || critical) }
}

function schemaChanges(s: WindowRecord['schema']): string[] {
  return [...s.removed.map((c) => `column '${c}' is gone`), ...s.added.map((c) => `column '${c}' is new`), ...s.typeChanged.map((c) => `column '${c}' changed type`)]
}

/** The facts of this window against the policy, with the rules over time read from the history (oldest first). */
export function assess(facts: WindowFacts, history: WindowRecord[], policy: MonitorPolicy): Assessment {
  const now = windowDrifted(facts.columns, policy)
  const driftFlags = [...history.map((r) => windowDrifted(r.columns, policy).flag), now.flag]
  const degraded = facts.metrics.filter((m) => m.status === 'degraded').map((m) => m.name)
  const perfFlags = [...history.map((r) => r.metrics.some((m) => m.status === 'degraded')), degraded.length > 0]
  const { k, n } = policy.drift.persistence
  const p = policy.performance.persistence
  // persistence is met only by a window that itself drifted (degraded): earlier windows alone do not act
  const persisted = kOfN(driftFlags, k, n)
  const perfPersisted = kOfN(perfFlags, p.k, p.n)
  return {
    drifted: now.drifted,
    compared: now.compared,
    share: now.share,
    windowDrifted: now.flag,
    persisted: { ...persisted, met: persisted.met && now.flag },
    predictionDrift: facts.columns.filter((c) => c.role === 'prediction' && c.drifted).map((c) => c.name),
    unseenCritical: facts.columns.filter((c) => c.unseen > 0 && policy.critical.includes(c.name)).map((c) => c.name),
    degraded,
    below: facts.metrics.filter((m) => m.status === 'below').map((m) => m.name),
    measured: facts.metrics.length > 0,
    validated: facts.validation !== null,
    perfPersisted: { ...perfPersisted, met: perfPersisted.met && degraded.length > 0 },
    schemaChanges: schemaChanges(facts.schema),
    validationErrors: facts.validation?.errors ?? 0,
  }
}
