import { ConfigurationError } from '../errors.ts'
import type { ColumnDrift } from '../drift/column.ts'
import type { detectDrift, DriftOptions } from '../drift/detect.ts'
import { driftSections } from '../drift/render.ts'
import { fmt } from '../report/markdown.ts'
import type { FileDigest, Report } from '../report/model.ts'
import type { DriftRun } from './detect-drift-profile.ts'
import { exactnessOf, inconclusiveWarnings, isInconclusive, modeSection } from './detect-drift-exactness.ts'

type DriftResult = ReturnType<typeof detectDrift>

/** The inputs that turn column drift into the step's verdict. */
export interface DriftPolicy {
  failOn: 'drift' | 'warn' | 'never'
  driftShare: number
  critical: string[]
  /** The method input as given. */
  method: string
}

/** Fills detect-drift's report from the columns' drift (verdict, headline, checks, sections, body); returns it with the outputs. */
export function driftReport(
  report: Report,
  result: DriftResult,
  rows: { reference: number; current: number },
  files: FileDigest[],
  options: DriftOptions,
  policy: DriftPolicy,
  run: DriftRun,
): { report: Report; outputs: Record<string, string> } {
  report.inputs = files
  const compared = result.columns.filter((c) => !c.skipped)
  if (compared.length === 0) throw new ConfigurationError(nothingCompared(result))
  const drifted = compared.filter((c) => c.drifted)
  const share = drifted.length / compared.length
  const criticalResults = policy.critical.map((name) => criticalResult(name, result))
  const criticalFailed = criticalResults.filter((c) => c.failed)
  const datasetDrift = share >= policy.driftShare || criticalFailed.length > 0
  const warnings = [...result.columns.filter((c) => c.warning).map((c) => `${c.name}: ${c.warning}`), ...result.unmatched.map((u) => `column '${u.name}' is only in the ${u.side} data`)]
  if (rows.reference < options.minSample || rows.current < options.minSample)
    warnings.unshift(`small sample: ${rows.reference} reference and ${rows.current} current rows (min-sample ${options.minSample})`)
  // an inconclusive KS is never a silent pass: each is a warning, and so is a dataset verdict it could turn
  warnings.push(...inconclusiveWarnings(compared, { drifted: drifted.length, limit: policy.driftShare, datasetDrift }))
  const { failOn } = policy
  report.verdict = datasetDrift ? (failOn === 'never' ? 'warn' : 'fail') : drifted.length || warnings.length ? (failOn === 'warn' ? 'fail' : 'warn') : 'pass'
  report.headline = headline({
    datasetDrift,
    drifted,
    compared: compared.length,
    share,
    limit: policy.driftShare,
    critical: criticalFailed,
    warnings,
    failedOnWarnings: !datasetDrift && report.verdict === 'fail',
  })
  report.checks.push({
    id: 'dataset',
    title: 'Dataset drift',
    status: datasetDrift ? 'fail' : 'pass',
    message: `${drifted.length} of ${compared.length} columns drifted (${fmt(share * 100)}%; limit ${fmt(policy.driftShare * 100)}%)`,
  })
  report.checks.push({ id: 'mode', title: 'Mode', status: 'pass', message: `${run.mode}: ${run.why}` })
  for (const c of criticalResults)
    report.checks.push({ id: `critical:${c.name}`, title: `Critical column '${c.name}'`, status: c.failed ? 'fail' : c.inconclusive ? 'warn' : 'pass', message: c.message })
  for (const w of warnings) report.checks.push({ id: 'warning', title: 'Warning', status: 'warn', message: w })
  report.sections = [...driftSections(result.columns), modeSection(run, result.columns)]
  report.policy = {
    method: policy.method,
    threshold: options.threshold ?? 'method default',
    driftShare: policy.driftShare,
    correction: options.correction,
    missingDrift: options.missingDrift,
    minSample: options.minSample,
    criticalColumns: policy.critical,
    failOn,
    mode: run.mode,
  }
  report.annotations = drifted.slice(0, 10).map(annotation)
  report.body = {
    datasetDrift,
    driftShare: share,
    driftedColumns: drifted.map((c) => c.name),
    inconclusiveColumns: compared.filter(isInconclusive).map((c) => c.name),
    mode: run,
    rows,
    columns: result.columns.map((c) => ({ ...toJson(c), ...exactnessOf(c, run) })),
    unmatched: result.unmatched,
    warnings,
  }
  return { report, outputs: { 'drift-detected': String(datasetDrift), 'drift-share': String(Number(share.toFixed(4))), 'drifted-columns': drifted.map((c) => c.name).join(',') } }
}

function annotation(c: ColumnDrift) {
  return {
    level: 'warning' as const,
    title: `drift in '${c.name}'`,
    message: c.decidedBy?.test === 'value' ? `${c.method} ${fmt(c.statistic)}${c.pValue !== null ? ` (p=${fmt(c.pValueCorrected ?? c.pValue)})` : ''}: ${c.why}` : c.why,
  }
}

interface CriticalResult {
  name: string
  failed: boolean
  /** Its KS interval straddles the threshold (profile mode): neither drift nor no drift. */
  inconclusive?: boolean
  /** For the headline: what happened to the column, in a few words. */
  short: string
  message: string
}

/** A critical column fails when it drifted, is missing on a side (drift of the schema) or cannot be compared. */
function criticalResult(name: string, result: DriftResult): CriticalResult {
  const unmatched = result.unmatched.find((u) => u.name === name)
  if (unmatched) {
    const text = `column '${name}' is missing from the ${unmatched.side === 'reference' ? 'current' : 'reference'} data`
    return { name, failed: true, short: text, message: `${text} (the schema drifted)` }
  }
  const col = result.columns.find((x) => x.name === name)
  if (!col) return { name, failed: true, short: `column '${name}' was not compared`, message: `column '${name}' was not compared` }
  if (col.skipped) return { name, failed: true, short: `column '${name}' cannot be compared`, message: `column '${name}' is ${col.skipped}` }
  if (isInconclusive(col)) return { name, failed: false, inconclusive: true, short: '', message: `inconclusive: ${col.why}` }
  if (!col.drifted) return { name, failed: false, short: '', message: 'no drift' }
  const test = col.decidedBy?.text ?? col.method ?? 'drift'
  return { name, failed: true, short: `column '${name}' drifted (${test})`, message: `drifted on ${test}: ${col.why}` }
}

/** Why nothing was compared, in one sentence (a run that compares nothing must not pass). */
function nothingCompared(result: DriftResult): string {
  const reasons = [...result.columns.map((c) => `'${c.name}' is ${c.skipped}`), ...result.unmatched.map((u) => `'${u.name}' is only in the ${u.side} data`)]
  return `Nothing was compared between the reference and the current data${reasons.length ? `: ${reasons.slice(0, 5).join('; ')}` : ' (no column is in both)'}; name columns both sides hold that can be compared (numbers or repeating categories).`
}

interface HeadlineFacts {
  datasetDrift: boolean
  drifted: ColumnDrift[]
  compared: number
  share: number
  limit: number
  critical: CriticalResult[]
  warnings: string[]
  /** fail-on: warn turned warnings into the failure. */
  failedOnWarnings: boolean
}

function headline(f: HeadlineFacts): string {
  const names =
    f.drifted
      .slice(0, 5)
      .map((c) => c.name)
      .join(', ') + (f.drifted.length > 5 ? ', …' : '')
  const columns = `${f.drifted.length} of ${f.compared} columns drifted`
  if (f.datasetDrift && f.critical.length) return `Dataset drift: critical ${f.critical.map((c) => c.short).join('; ')}${f.drifted.length ? `; ${columns} in all (${names})` : ''}.`
  if (f.datasetDrift) return `Dataset drift: ${columns} (${fmt(f.share * 100)}% ≥ ${fmt(f.limit * 100)}%): ${names}.`
  const warned = f.warnings.length ? `${f.warnings.length} warning(s): ${f.warnings[0]}` : ''
  if (f.failedOnWarnings) {
    const below = f.drifted.length ? `${columns}, below the dataset threshold (${fmt(f.share * 100)}% < ${fmt(f.limit * 100)}%): ${names}` : ''
    return `Failed on warnings (fail-on: warn): ${[below, warned].filter(Boolean).join('; ')}.`
  }
  if (f.drifted.length) return `No dataset drift: ${columns} (${fmt(f.share * 100)}% < ${fmt(f.limit * 100)}%): ${names}.`
  return `No drift in ${f.compared} columns${warned ? ` — ${warned}` : '.'}`
}

function toJson(c: ColumnDrift) {
  return {
    name: c.name,
    kind: c.kind,
    method: c.method,
    statistic: c.statistic,
    pValue: c.pValue,
    pValueCorrected: c.pValueCorrected,
    threshold: c.threshold,
    drifted: c.drifted,
    effectSize: c.effectSize,
    effectSizeName: c.effectSizeName,
    missingShare: c.missingShare,
    nonNumeric: c.nonNumeric,
    nonNumericShare: c.nonNumericShare,
    infinite: c.infinite,
    decidedBy: c.decidedBy,
    unseen: c.unseen,
    vanished: c.vanished,
    sampleSize: c.sampleSize,
    why: c.why,
    quantiles: c.quantiles ?? null,
    moments: c.moments ?? null,
    topChanges: c.topChanges ?? null,
    histogram: c.histogram,
    warning: c.warning ?? null,
    skipped: c.skipped ?? null,
  }
}
