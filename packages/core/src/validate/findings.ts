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
export const FIRST_PLACES = 5
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
    const rule = e.rule ?? e.message
    const base = `${e.type}\u0000${e.fieldName ?? ''}\u0000${rule}`
    const group = this.groups.get(e.perValue && e.cell !== undefined ? `${base}\u0000=${e.cell}` : base) ?? this.open(e, base, rule)
    group.count++
    if (group.first.length < FIRST_PLACES) group.first.push(LABEL_TYPES.has(e.type) || e.rowNumber === undefined ? { file: e.file } : { file: e.file, row: e.rowNumber })
  }

  /** A new finding for the error; a value past the first VALUES_PER_RULE joins its rule's other values. */
  private open(e: ValidationError, base: string, rule: string): Finding {
    const perValue = e.perValue === true && e.cell !== undefined
    const values = this.valuesPerRule.get(base) ?? 0
    const other = perValue && values >= VALUES_PER_RULE
    const key = !perValue ? base : other ? `${base}\u0000…` : `${base}\u0000=${e.cell}`
    const existing = this.groups.get(key)
    if (existing) return existing
    if (this.groups.size >= MAX_FINDINGS) return this.overflow(e.type)
    if (perValue && !other) this.valuesPerRule.set(base, values + 1)
    // keys in the order the JSON report lists them: what, then how often, then where
    const group: Finding = {
      type: e.type,
      ...(e.fieldName !== undefined && { field: e.fieldName }),
      ...(perValue && !other && { value: e.cell }),
      ...(other && { otherValues: true as const }),
      rule,
      count: 0,
      first: [],
    }
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
