import type { Direction } from '../gate/rules.ts'

export const HISTORY_KIND = 'mlgate.monitor-history'
export const WINDOW_KIND = 'mlgate.monitor-window'
export const HISTORY_VERSION = 1

export type Decision = 'keep' | 'retrain' | 'escalate'

/** One column of one window: its drift statistic against the reference and the verdict. */
export interface ColumnRecord {
  name: string
  kind: 'numeric' | 'categorical' | 'text'
  /** feature, prediction (a model output in the window's data) or label */
  role: 'feature' | 'prediction' | 'label'
  method: string | null
  statistic: number | null
  pValue: number | null
  threshold: number | null
  drifted: boolean
  /** Categories the reference never held, with their counts. */
  unseen: number
  missingShare: number
  skipped: string | null
}

/** One metric of one window's labelled predictions against the model's validation level. */
export interface MetricRecord {
  name: string
  direction: Direction
  value: number
  /** Percentile bootstrap interval of the metric on this window. */
  ci: [number, number]
  expected: number
  margin: number
  /** degraded: the interval lies clear beyond expected − margin; below: the value does, the interval not; ok otherwise. */
  status: 'ok' | 'below' | 'degraded'
  rows: number
}

/** The open drift event a window belongs to (see event.ts). */
export interface EventRecord {
  id: string
  columns: string[]
  opened: string
  /** The window the event opened in. */
  firstSeq: number
}

/** What the task did about the decision (or would have done, without a platform that acts). */
export interface ActionRecord {
  kind: 'dispatch' | 'skip-dispatch' | 'open-escalation' | 'update-escalation' | 'close-escalation' | 'none' | 'dry-run'
  text: string
  url?: string
}

/** One run of the monitor: the window's statistics, its verdicts and the decision, appended to the history. */
export interface WindowRecord {
  kind: typeof WINDOW_KIND
  version: typeof HISTORY_VERSION
  seq: number
  /** The window's label (input window-label, default the run time). */
  window: string
  at: string
  rows: { reference: number; current: number }
  columns: ColumnRecord[]
  schema: { added: string[]; removed: string[]; typeChanged: string[] }
  validation: { errors: number; warnings: number } | null
  metrics: MetricRecord[]
  decision: Decision
  reason: string
  event: EventRecord | null
  actions: ActionRecord[]
  /** The window's profile, when the current side was read as one or profiled (see contracts: Profiles). */
  profile?: unknown
}

/** The store's header: which history this is, so that a store of another kind or version is refused. */
export interface HistoryManifest {
  kind: typeof HISTORY_KIND
  version: typeof HISTORY_VERSION
  created: string
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The reason a manifest is not one this version reads, or undefined when it is. */
export function manifestProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'it is not a JSON object'
  if (v.kind !== HISTORY_KIND) return `its kind is ${JSON.stringify(v.kind ?? null)}, not '${HISTORY_KIND}'`
  if (v.version !== HISTORY_VERSION) return `it is version ${JSON.stringify(v.version ?? null)}; this mlgate reads version ${HISTORY_VERSION}`
  return undefined
}

/** The reason a window record is not one this version reads, or undefined when it is. */
export function recordProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'it is not a JSON object'
  if (v.kind !== WINDOW_KIND) return `its kind is ${JSON.stringify(v.kind ?? null)}, not '${WINDOW_KIND}'`
  if (v.version !== HISTORY_VERSION) return `it is version ${JSON.stringify(v.version ?? null)}; this mlgate reads version ${HISTORY_VERSION}`
  if (!Number.isInteger(v.seq) || typeof v.window !== 'string' || typeof v.at !== 'string') return 'its seq, window or at field is missing'
  if (!Array.isArray(v.columns) || !Array.isArray(v.metrics) || !isObject(v.schema)) return 'its columns, metrics or schema field is missing'
  if (!['keep', 'retrain', 'escalate'].includes(v.decision as string)) return `its decision ${JSON.stringify(v.decision ?? null)} is not keep, retrain or escalate`
  return undefined
}

/** The file name of a window's record in a store: zero-padded so names sort in window order. */
export function recordName(seq: number): string {
  return `windows/${String(seq).padStart(6, '0')}.json`
}

export const MANIFEST_NAME = 'mlgate-history.json'
