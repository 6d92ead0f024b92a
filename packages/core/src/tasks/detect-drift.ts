import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { readTable } from '../io/table.ts'
import type { FormatOption } from '../io/sources.ts'
import { absolutePath } from '../io/sources.ts'
import { readHead } from '../drift/head.ts'
import { checkColumnNames } from '../drift/names.ts'
import { fmt, thousands } from '../report/markdown.ts'
import { htmlPage } from '../report/html.ts'
import { newReport } from '../report/model.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import { didYouMean } from '../text.ts'
import type { ColumnDrift } from '../drift/column.ts'
import { columnKind, columnPairs, compareColumn, detectDrift } from '../drift/detect.ts'
import { countedAsText, profilePairWith } from '../drift/profile.ts'
import type { Column, Table } from '../table/types.ts'
import { sortedPairOnWorker, wassersteinOnWorker } from '../io/fast/read-columns.ts'
import type { DriftOptions } from '../drift/detect.ts'
import { driftHtml } from '../drift/html.ts'
import type { ColumnKind, DriftMethod } from '../drift/methods.ts'
import { DRIFT_METHODS } from '../drift/methods.ts'
import { driftSections } from '../drift/render.ts'

/** Distinct values per worker thread past which a text column is only counted (see readTable's textLimit). */
const TEXT_LIMIT = 65_536

const FAIL_ON = ['drift', 'warn', 'never'] as const
const CORRECTIONS = ['none', 'bonferroni', 'fdr'] as const

export const detectDriftTask = defineTask({
  id: 'detect-drift',
  title: 'mlgate: detect drift',
  description: 'Compare current data with reference data column by column and decide whether the dataset drifted, and why.',
  guid: '2b7e9c44-8d1f-4f0a-b3c6-5e2a9d7c1f02',
  icon: 'activity',
  color: 'orange',
  inputs: {
    reference: { type: 'string', required: true, description: 'Reference data: file, glob or list (any format validate-data reads).' },
    current: { type: 'string', required: true, description: 'Current data: file, glob or list.' },
    format: {
      type: 'choice',
      choices: ['auto', 'csv', 'tsv', 'json', 'jsonl', 'parquet'],
      default: 'auto',
      description: 'Data format of both sides; auto detects it from the extension.',
      group: 'advanced',
    },
    columns: { type: 'string', default: '', description: 'Only these columns (comma-separated); all by default.' },
    exclude: { type: 'string', default: '', description: 'Columns to leave out (ids, timestamps).' },
    'column-types': { type: 'string', default: '', description: 'Type overrides, e.g. age:categorical,zip:categorical (numeric, categorical, text).' },
    method: { type: 'string', default: 'auto', description: `auto (Evidently's choice), a method for every column, or per column like amount:psi. Methods: ${DRIFT_METHODS.join(', ')}.` },
    threshold: { type: 'number', default: '', description: "Overrides the method's threshold (p-value below it or distance at or above it means drift)." },
    'drift-share': { type: 'number', default: '0.5', description: 'The dataset drifted when at least this share of columns drifted.' },
    correction: { type: 'choice', choices: CORRECTIONS, default: 'none', description: 'Multiple-testing correction of p-values across columns.' },
    'missing-drift': { type: 'boolean', default: 'true', description: 'Test the share of missing values of each column as its own check.' },
    'min-sample': { type: 'integer', default: '30', description: 'Below this many values on either side a column gets a warning, not a silent pass.' },
    'critical-columns': { type: 'string', default: '', description: 'Drift in any of these columns fails the step whatever the share.' },
    'fail-on': { type: 'choice', choices: FAIL_ON, default: 'drift', description: 'Fail the step on dataset drift, on any warning too, or never.' },
    'html-report': { type: 'path', default: '', description: 'Write a self-contained HTML report with charts to this path.', group: 'output' },
  },
  outputs: {
    'drift-detected': { description: 'true when the dataset drifted.' },
    'drift-share': { description: 'Share of compared columns that drifted (0–1).' },
    'drifted-columns': { description: 'Comma-separated names of drifted columns.' },
  },
  run: (ctx) => runDetectDrift(ctx),
})

function parseKinds(map: Map<string, string>): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>()
  for (const [col, kind] of map) {
    if (kind !== 'numeric' && kind !== 'categorical' && kind !== 'text') throw new ConfigurationError(`Input 'column-types': '${kind}' for column '${col}' is not numeric, categorical or text.`)
    out.set(col, kind)
  }
  return out
}

function parseMethods(text: string): { method: DriftMethod | 'auto'; methods: Map<string, DriftMethod> } {
  const methods = new Map<string, DriftMethod>()
  let method: DriftMethod | 'auto' = 'auto'
  const check = (m: string): DriftMethod => {
    if (!(DRIFT_METHODS as readonly string[]).includes(m))
      throw new ConfigurationError(`Input 'method': unknown method '${m}'${didYouMean(m, DRIFT_METHODS)}. Methods: auto, ${DRIFT_METHODS.join(', ')}.`)
    return m as DriftMethod
  }
  for (const item of text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = item.lastIndexOf(':')
    if (i < 0) method = item === 'auto' ? 'auto' : check(item)
    else methods.set(item.slice(0, i).trim(), check(item.slice(i + 1).trim()))
  }
  return { method, methods }
}

export async function runDetectDrift(ctx: TaskContext) {
  const { inputs } = ctx
  const report = newReport('detect-drift', 'Detect drift')
  const format = inputs.choice('format', ['auto', 'csv', 'tsv', 'json', 'jsonl', 'parquet']) as FormatOption
  const failOn = inputs.choice('fail-on', FAIL_ON)
  const driftShareLimit = inputs.number('drift-share', { min: 0, max: 1 }) ?? 0.5
  const critical = inputs.list('critical-columns')
  const { method, methods } = parseMethods(inputs.string('method'))
  const options: DriftOptions = {
    columns: inputs.list('columns').length ? inputs.list('columns') : undefined,
    exclude: inputs.list('exclude'),
    kinds: parseKinds(inputs.map('column-types')),
    method,
    methods,
    threshold: inputs.number('threshold', { min: 0 }),
    correction: inputs.choice('correction', CORRECTIONS),
    missingDrift: inputs.boolean('missing-drift'),
    minSample: inputs.number('min-sample', { min: 0, integer: true }) ?? 30,
  }
  options.named = new Set([...critical, ...(options.columns ?? [])])
  ctx.progress.phase(`reading '${inputs.string('reference')}' and '${inputs.string('current')}'`)
  const { reference, current } = await readBoth(ctx, options, critical, format)
  ctx.progress.phase(`comparing ${thousands(reference.columns.length)} columns`)
  // both sides of each numeric column are sorted on a worker thread, several columns at once (their
  // values move there: nothing reads them afterwards), which also measures their moments and, for
  // pairs surely compared as numbers, the Wasserstein distance (the statistic or the effect size);
  // whole-number pairs are typed first (≤ 10 values: categories). Each pair is compared when ready.
  const byName = new Map<string, ColumnDrift>()
  await Promise.all(
    columnPairs(reference, current, options).map(async ([rc, cc]) => {
      const kind = options.kinds.get(rc.name)
      const [a, b] = await profilePairWith(rc, cc, sortedPairOnWorker, kind === 'numeric')
      // a pair typed numeric only now (whole numbers) gets its distance here; the others have it
      if (a.sorted && b.sorted && a.wasserstein === undefined && a.sorted.length + b.sorted.length >= 200_000 && (kind ?? columnKind(a, b)) === 'numeric') {
        const measured = await wassersteinOnWorker(a.sorted, b.sorted)
        ;[a.sorted, b.sorted] = measured.sorted
        a.wasserstein = b.wasserstein = measured.wasserstein
      }
      byName.set(rc.name, compareColumn(a, b, options))
    }),
  )
  const result = detectDrift(reference, current, options, byName)
  // the files' digests were computed while the columns were compared
  ctx.progress.phase("finishing the files' digests", {}, true)
  await Promise.all([reference.digested, current.digested])
  report.inputs = [...reference.files, ...current.files]

  const compared = result.columns.filter((c) => !c.skipped)
  if (compared.length === 0) throw new ConfigurationError(nothingCompared(result))
  const drifted = compared.filter((c) => c.drifted)
  const share = drifted.length / compared.length
  const criticalResults = critical.map((name) => criticalResult(name, result))
  const criticalFailed = criticalResults.filter((c) => c.failed)
  const datasetDrift = share >= driftShareLimit || criticalFailed.length > 0
  const warnings = [...result.columns.filter((c) => c.warning).map((c) => `${c.name}: ${c.warning}`), ...result.unmatched.map((u) => `column '${u.name}' is only in the ${u.side} data`)]
  if (reference.rowCount < options.minSample || current.rowCount < options.minSample)
    warnings.unshift(`small sample: ${reference.rowCount} reference and ${current.rowCount} current rows (min-sample ${options.minSample})`)

  report.verdict = datasetDrift ? (failOn === 'never' ? 'warn' : 'fail') : drifted.length || warnings.length ? (failOn === 'warn' ? 'fail' : 'warn') : 'pass'
  report.headline = headline({
    datasetDrift,
    drifted,
    compared: compared.length,
    share,
    limit: driftShareLimit,
    critical: criticalFailed,
    warnings,
    failedOnWarnings: !datasetDrift && report.verdict === 'fail',
  })
  report.checks.push({
    id: 'dataset',
    title: 'Dataset drift',
    status: datasetDrift ? 'fail' : 'pass',
    message: `${drifted.length} of ${compared.length} columns drifted (${fmt(share * 100)}%; limit ${fmt(driftShareLimit * 100)}%)`,
  })
  for (const c of criticalResults) report.checks.push({ id: `critical:${c.name}`, title: `Critical column '${c.name}'`, status: c.failed ? 'fail' : 'pass', message: c.message })
  for (const w of warnings) report.checks.push({ id: 'warning', title: 'Warning', status: 'warn', message: w })
  report.sections = driftSections(result.columns)
  report.policy = {
    method: inputs.string('method'),
    threshold: options.threshold ?? 'method default',
    driftShare: driftShareLimit,
    correction: options.correction,
    missingDrift: options.missingDrift,
    minSample: options.minSample,
    criticalColumns: critical,
    failOn,
  }
  report.annotations = drifted.slice(0, 10).map((c) => ({
    level: 'warning' as const,
    title: `drift in '${c.name}'`,
    message: c.decidedBy?.test === 'value' ? `${c.method} ${fmt(c.statistic)}${c.pValue !== null ? ` (p=${fmt(c.pValueCorrected ?? c.pValue)})` : ''}: ${c.why}` : c.why,
  }))
  report.body = {
    datasetDrift,
    driftShare: share,
    driftedColumns: drifted.map((c) => c.name),
    rows: { reference: reference.rowCount, current: current.rowCount },
    columns: result.columns.map(toJson),
    unmatched: result.unmatched,
    warnings,
  }
  const htmlPath = inputs.optional('html-report')
  if (htmlPath) await writeFileAtomic(absolutePath(htmlPath, ctx.cwd), htmlPage('mlgate drift report', `<h1>Drift report</h1>${driftHtml(result.columns, report.headline)}`), { signal: ctx.signal })
  return {
    report,
    outputs: { 'drift-detected': String(datasetDrift), 'drift-share': String(Number(share.toFixed(4))), 'drifted-columns': drifted.map((c) => c.name).join(',') },
  }
}

/**
 * Reads both datasets: every column but the excluded ones, codes and declared categories as written,
 * and mostly unique text only counted past TEXT_LIMIT values (read again in full when a column turns
 * out to need its values). Column names in the inputs are checked against the headers first.
 */
async function readBoth(ctx: TaskContext, options: DriftOptions, critical: string[], format: FormatOption): Promise<{ reference: Table; current: Table }> {
  const started = Date.now()
  const { inputs } = ctx
  // excluded columns are not even read, unless another input names them
  const skip = (options.exclude ?? []).filter((c) => !critical.includes(c) && !options.kinds.has(c) && !options.methods.has(c) && !options.columns?.includes(c))
  // mostly unique text columns (ids, names) are not compared: past TEXT_LIMIT values they are only
  // counted, unless an input names them; a column that turns out not to be text is read again in full
  const fullText = [...options.kinds.keys(), ...options.methods.keys(), ...(options.named ?? [])]
  // the first rows tell every column (excluded ones too) and which hold codes written with leading zeros
  const heads = await Promise.all([readHead(inputs.string('reference'), format, ctx.cwd, 'reference'), readHead(inputs.string('current'), format, ctx.cwd, 'current')])
  checkColumnNames({ ...options, critical }, heads[0].names, heads[1].names)
  // codes and columns declared categorical or text are read as written: '01001' is not the number 1001
  const asWritten = [...new Set([...heads[0].leadingZero, ...heads[1].leadingZero, ...[...options.kinds].filter(([, k]) => k !== 'numeric').map(([c]) => c)])]
  const read = (role: 'reference' | 'current', textLimit?: number, digestsFrom?: Table) =>
    readTable(inputs.string(role), {
      format,
      cwd: ctx.cwd,
      role,
      exclude: skip,
      textLimit,
      fullText,
      deferDigests: true,
      textCodes: false,
      digestsFrom,
      text: asWritten,
      onFallback: (r) => ctx.log.debug(`${role} read row by row: ${r}`),
    })
  let [reference, current] = await Promise.all([read('reference', TEXT_LIMIT), read('current', TEXT_LIMIT)])
  const partial = (c: Column) => c.type === 'categorical' && (c.unencoded ?? 0) > 0
  if (columnPairs(reference, current, options).some(([rc, cc]) => (partial(rc) || partial(cc)) && !countedAsText(rc))) {
    ctx.log.debug('a text column past the text limit is not mostly unique: the data is read again in full')
    // the files are the same: the first read's digests serve
    ;[reference, current] = await Promise.all([
      reference.columns.some(partial) ? read('reference', undefined, reference) : reference,
      current.columns.some(partial) ? read('current', undefined, current) : current,
    ])
  }
  ctx.log.info(`read ${thousands(reference.rowCount)} reference and ${thousands(current.rowCount)} current rows in ${Date.now() - started} ms`)
  return { reference, current }
}

interface CriticalResult {
  name: string
  failed: boolean
  /** For the headline: what happened to the column, in a few words. */
  short: string
  message: string
}

/** A critical column fails when it drifted, is missing on a side (drift of the schema) or cannot be compared. */
function criticalResult(name: string, result: ReturnType<typeof detectDrift>): CriticalResult {
  const unmatched = result.unmatched.find((u) => u.name === name)
  if (unmatched) {
    const text = `column '${name}' is missing from the ${unmatched.side === 'reference' ? 'current' : 'reference'} data`
    return { name, failed: true, short: text, message: `${text} (the schema drifted)` }
  }
  const col = result.columns.find((x) => x.name === name)
  if (!col) return { name, failed: true, short: `column '${name}' was not compared`, message: `column '${name}' was not compared` }
  if (col.skipped) return { name, failed: true, short: `column '${name}' cannot be compared`, message: `column '${name}' is ${col.skipped}` }
  if (!col.drifted) return { name, failed: false, short: '', message: 'no drift' }
  const test = col.decidedBy?.text ?? col.method ?? 'drift'
  return { name, failed: true, short: `column '${name}' drifted (${test})`, message: `drifted on ${test}: ${col.why}` }
}

/** Why nothing was compared, in one sentence (a run that compares nothing must not pass). */
function nothingCompared(result: ReturnType<typeof detectDrift>): string {
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
