import { FindingGroups } from './findings.ts'

/** Frictionless error names, plus mlgate's dataset-level ones. */
export type ErrorType =
  | 'blank-header'
  | 'duplicate-label'
  | 'missing-label'
  | 'extra-label'
  | 'extra-cell'
  | 'missing-cell'
  | 'type-error'
  | 'constraint-error'
  | 'unique-error'
  | 'primary-key'
  | 'foreign-key'
  | 'blank-row'
  | 'encoding-error'
  | 'format-error'
  | 'source-error'
  | 'json-schema-error'
  | 'row-count'
  | 'null-share'
  | 'statistic'

export interface ValidationError {
  type: ErrorType
  message: string
  file?: string
  /** Line in the file (CSV/TSV/JSONL), record number otherwise; absent for dataset-level errors. */
  rowNumber?: number
  fieldName?: string
  fieldNumber?: number
  /** The offending cell, shortened. */
  cell?: string
  /** The rule broken, in a few words without the value ("not in enum", "above the maximum 10"); findings group by it. */
  rule?: string
  /** The rule is about the value itself (enum, type): findings group per distinct cell. */
  perValue?: boolean
}

/** Keeps the first `max` errors while counting and grouping all of them exactly. */
export class ErrorCollector {
  readonly errors: ValidationError[] = []
  readonly counts: Partial<Record<ErrorType, number>> = {}
  total = 0
  /** First error of each type, kept even past the cap: they make the most useful annotations. */
  readonly firstOfType = new Map<ErrorType, ValidationError>()
  /** Every error grouped by type, field and value or rule. */
  readonly findings = new FindingGroups()

  constructor(private readonly max: number) {}

  add(e: ValidationError): void {
    this.total++
    this.counts[e.type] = (this.counts[e.type] ?? 0) + 1
    if (!this.firstOfType.has(e.type)) this.firstOfType.set(e.type, e)
    this.findings.add(e)
    if (this.errors.length < this.max) this.errors.push(e)
  }
}
