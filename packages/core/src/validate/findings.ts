import type { ErrorType, ValidationError } from './errors.ts'

/** Where a finding occurred: a file and a row (no row for file-level findings such as labels). */
export interface Location {
  file?: string
  row?: number
}

/** One distinct finding: an error type on a field, for one offending value or one rule, with its exact count. */
export interface Finding {
  type: ErrorType
  field?: string
  /** The offending value, when the rule is about the value itself (enum, type). */
  value?: string
  /** Values of this rule past the first VALUES_PER_RULE, counted together. */
  otherValues?: true
  rule: string
  count: number
  /** The first places it occurred, in reading order. */
  first: Location[]
}

/** Places kept per finding. */
const FIRST_PLACES = 5
/** Distinct values of one rule on one field that get a finding each. */
const VALUES_PER_RULE = 20
/** Findings kept in all; past that, further distinct findings are counted per error type. */
const MAX_FINDINGS = 1000
/** Label findings are about a file's columns: their place is the file. */
const LABEL_TYPES = new Set<ErrorType>(['blank-header', 'duplicate-label', 'missing-label', 'extra-label'])

/** Groups every error as it is found (not only the kept ones), so counts are exact. */
export class FindingGroups {
  private readonly groups = new Map<string, Finding>()
  private readonly valuesPerRule = new Map<string, number>()

  add(e: ValidationError): void {
    const group = this.groupOf(e)
    group.count++
    if (group.first.length < FIRST_PLACES) group.first.push(LABEL_TYPES.has(e.type) || e.rowNumber === undefined ? { file: e.file } : { file: e.file, row: e.rowNumber })
  }

  /** The error's finding, opened on first sight; a value past the first VALUES_PER_RULE joins its rule's other values. */
  private groupOf(e: ValidationError): Finding {
    const rule = e.rule ?? e.message
    const base = `${e.type}\u0000${e.fieldName ?? ''}\u0000${rule}`
    if (e.perValue !== true || e.cell === undefined) return this.groups.get(base) ?? this.open(base, e, rule, {}) ?? this.overflow(e.type)
    const own = `${base}\u0000=${e.cell}`
    const found = this.groups.get(own)
    if (found) return found
    const values = this.valuesPerRule.get(base) ?? 0
    if (values >= VALUES_PER_RULE) {
      const other = `${base}\u0000…`
      return this.groups.get(other) ?? this.open(other, e, rule, { otherValues: true }) ?? this.overflow(e.type)
    }
    const group = this.open(own, e, rule, { value: e.cell })
    if (!group) return this.overflow(e.type)
    this.valuesPerRule.set(base, values + 1)
    return group
  }

  /** A new finding under `key`; undefined once MAX_FINDINGS are kept. */
  private open(key: string, e: ValidationError, rule: string, what: Pick<Finding, 'value' | 'otherValues'>): Finding | undefined {
    if (this.groups.size >= MAX_FINDINGS) return undefined
    // keys in the order the JSON report lists them: what, then how often, then where
    const group: Finding = { type: e.type, ...(e.fieldName !== undefined && { field: e.fieldName }), ...what, rule, count: 0, first: [] }
    this.groups.set(key, group)
    return group
  }

  /** Past MAX_FINDINGS distinct findings, one per error type counts the rest. */
  private overflow(type: ErrorType): Finding {
    const key = `${type}\u0000…`
    let group = this.groups.get(key)
    if (!group) {
      group = { type, rule: `further ${type} findings`, count: 0, first: [] }
      this.groups.set(key, group)
    }
    return group
  }

  /** The findings, most frequent first (ties in the order they were first seen). */
  list(): Finding[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count)
  }
}
