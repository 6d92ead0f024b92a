import type { ColumnRecord, WindowRecord } from './record.ts'
import type { MonitorPolicy } from './policy.ts'

/** The column fields of detect-drift's JSON report the monitor keeps (tasks/detect-drift-report.ts, toJson). */
export interface DriftColumnJson {
  name: string
  kind: ColumnRecord['kind']
  method: string | null
  statistic: number | null
  pValue: number | null
  pValueCorrected: number | null
  threshold: number | null
  drifted: boolean
  unseen: { value: string; count: number }[]
  missingShare: { current: number }
  nonNumericShare: { reference: number; current: number } | null
  skipped: string | null
}

export interface DriftBodyJson {
  rows: { reference: number; current: number }
  columns: DriftColumnJson[]
  unmatched: { name: string; side: 'reference' | 'current' }[]
}

/** A share of cells that are not numbers above this, in a column that held only numbers, is a change of type. */
const TYPE_CHANGE_SHARE = 0.5

function role(name: string, policy: MonitorPolicy): ColumnRecord['role'] {
  if (policy.predictions.includes(name)) return 'prediction'
  if (policy.labels.includes(name)) return 'label'
  return 'feature'
}

/** The window's columns as the history keeps them, from detect-drift's report body. */
export function columnRecords(body: DriftBodyJson, policy: MonitorPolicy): ColumnRecord[] {
  if (!Array.isArray(body.columns) || !Array.isArray(body.unmatched)) throw new Error('detect-drift reported no columns to the monitor')
  return body.columns.map((c) => ({
    name: c.name,
    kind: c.kind,
    role: role(c.name, policy),
    method: c.method,
    statistic: c.statistic,
    pValue: c.pValueCorrected ?? c.pValue,
    threshold: c.threshold,
    drifted: c.drifted,
    unseen: c.unseen.reduce((s, u) => s + u.count, 0),
    missingShare: c.missingShare.current,
    skipped: c.skipped,
  }))
}

/**
 * Schema changes of the window against the reference: columns only on one side, and columns of numbers whose cells
 * turned mostly into text (a change of type; a few stray words are the validation's business).
 */
export function schemaOf(body: DriftBodyJson): WindowRecord['schema'] {
  const removed = body.unmatched.filter((u) => u.side === 'reference').map((u) => u.name)
  const added = body.unmatched.filter((u) => u.side === 'current').map((u) => u.name)
  const typeChanged = body.columns.filter((c) => c.nonNumericShare !== null && c.nonNumericShare.reference === 0 && c.nonNumericShare.current > TYPE_CHANGE_SHARE).map((c) => c.name)
  return { added, removed, typeChanged }
}
