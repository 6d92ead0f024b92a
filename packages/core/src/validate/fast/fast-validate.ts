import { readCsvHead } from '../../io/fast/csv-head.ts'
import type { DataSource } from '../../io/sources.ts'
import { absolutePath } from '../../io/sources.ts'
import type { Schema } from '../../schema/model.ts'
import { DatasetValidator } from '../validator.ts'
import { compilePlan } from './plan.ts'
import type { ColumnScan, ScanOptions } from './scan.ts'
import { mergeScans, scanFile } from './scan.ts'

export interface FastValidateOptions extends ScanOptions {
  maxErrors: number
  cwd: string
  delimiter?: string
  /** Why the fast scan gave way to the row validator (for debug logs). */
  onFallback?: (reason: string) => void
}

/** True when two bitsets of keys share a key. */
function bitsOverlap(sets: Uint32Array[]): boolean {
  if (sets.length < 2) return false
  const seen = sets[0].slice()
  for (let s = 1; s < sets.length; s++) {
    const b = sets[s]
    for (let i = 0; i < b.length; i++) {
      if (seen[i] & b[i]) return true
      seen[i] |= b[i]
    }
  }
  return false
}

/** True when sorted runs of keys hold a value twice (within a run or across runs). */
function runsHaveDuplicate(runs: Float64Array[]): boolean {
  for (const r of runs) for (let i = 1; i < r.length; i++) if (r[i] === r[i - 1]) return true
  let merged = runs
  while (merged.length > 1) {
    const next: Float64Array[] = []
    for (let p = 0; p < merged.length; p += 2) {
      const a = merged[p]
      const b = merged[p + 1]
      if (!b) {
        next.push(a)
        continue
      }
      const out = new Float64Array(a.length + b.length)
      let i = 0
      let j = 0
      let o = 0
      while (i < a.length && j < b.length) {
        if (a[i] === b[j]) return true
        out[o++] = a[i] < b[j] ? a[i++] : b[j++]
      }
      while (i < a.length) out[o++] = a[i++]
      while (j < b.length) out[o++] = b[j++]
      next.push(out)
    }
    merged = next
  }
  return false
}

/**
 * Validates uncompressed CSV/TSV files with the parallel byte scan. Returns the validator's state
 * when every file is clean, or undefined when anything is irregular or not covered by the scan: the
 * caller then runs the row validator, which reports every error exactly. The files' digests are the
 * caller's (the dataset computes them while the workers scan).
 */
export async function fastValidate(sources: DataSource[], schema: Schema | undefined, options: FastValidateOptions): Promise<{ validator: DatasetValidator } | undefined> {
  const validator = new DatasetValidator(schema, { maxErrors: options.maxErrors })
  const totals: (ColumnScan | undefined)[] = validator.checks.map(() => undefined)
  const give = (reason: string) => {
    options.onFallback?.(reason)
    return undefined
  }
  for (const source of sources) {
    const path = absolutePath(source.path, options.cwd)
    const delimiter = options.delimiter ?? (source.format === 'tsv' ? '\t' : ',')
    const header = await readCsvHead(path, source.path, delimiter, source.bytes, 1 << 20)
    if (!header) return give(`${source.path}: header`)
    validator.startFile(source.path)
    validator.onHeader(header.names, 1)
    if (validator.errors.total > 0) return give(`${source.path}: header errors`)
    const plan = compilePlan(path, delimiter, header.names, schema, validator.checks)
    if (typeof plan === 'string') return give(`${source.path}: ${plan}`)
    const outcome = await scanFile(plan, header.dataStart, source.bytes, options)
    if (!outcome.clean) return give(`${source.path}: ${outcome.reason}`)
    // the kernel sees rows without a byte; a row of missing spellings ("NA,NA") is blank too, and can only be where every column has a missing cell
    if (plan.columns.some((c) => c.ownMissing) && plan.columns.every((_, k) => outcome.columns[k].missing > 0)) return give(`${source.path}: a row may be blank (missing in every column)`)
    validator.rowCount += outcome.rows
    validator.files[validator.files.length - 1].rows = outcome.rows
    plan.columns.forEach((c, k) => {
      const t = totals[c.check]
      totals[c.check] = t ? mergeScans(t, outcome.columns[k]) : outcome.columns[k]
    })
  }
  for (const [k, total] of totals.entries()) {
    if (!total) continue
    if (total.nanKeys > 1 || runsHaveDuplicate(total.keyRuns) || bitsOverlap(total.keyBits)) return give(`${validator.checks[k].field.name}: repeated values`)
    validator.checks[k].profile.absorb(total)
  }
  validator.finish()
  return { validator }
}
