import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import type { FormatOption } from '../io/sources.ts'
import { absolutePath, FORMAT_OPTIONS } from '../io/sources.ts'
import { checkColumnNames } from '../drift/names.ts'
import { thousands } from '../report/markdown.ts'
import { htmlPage } from '../report/html.ts'
import { newReport } from '../report/model.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import { didYouMean } from '../text.ts'
import type { ColumnDrift } from '../drift/column.ts'
import { columnPairs, compareColumn, detectDrift } from '../drift/detect.ts'
import { countedAsText } from '../drift/profile.ts'
import type { DriftOptions } from '../drift/detect.ts'
import { driftHtml } from '../drift/html.ts'
import type { ColumnKind, DriftMethod } from '../drift/methods.ts'
import { DRIFT_METHODS } from '../drift/methods.ts'
import type { ColumnRead } from '../dataset/index.ts'
import { countedOnly, measurePair, openDataset } from '../dataset/index.ts'
import { driftReport } from './detect-drift-report.ts'
import { chooseMode, DEFAULT_MEMORY_BUDGET_MB, INCONCLUSIVE, MODES, runProfileMode } from './detect-drift-profile.ts'
import { modeHtml } from './detect-drift-exactness.ts'
import type { DriftPolicy } from './detect-drift-report.ts'

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
    reference: { type: 'string', required: true, description: 'Reference data: file, glob or list (any format validate-data reads), or profiles (*.profile.json[.gz], merged when many).' },
    current: { type: 'string', required: true, description: "Current data: file, glob or list, or profiles built on the reference profile's edges (merged when many)." },
    format: {
      type: 'choice',
      choices: FORMAT_OPTIONS,
      default: 'auto',
      description: 'Data format of both sides; auto detects it from the extension.',
      group: 'advanced',
    },
    columns: { type: 'string', default: '', description: 'Only these columns (comma-separated); all by default.' },
    exclude: { type: 'string', default: '', description: 'Columns to leave out (ids, timestamps).' },
    'column-types': { type: 'string', default: '', description: 'Type overrides, e.g. age:categorical,zip:categorical (numeric, categorical, text).' },
    method: { type: 'string', default: 'auto', description: `auto (Evidently's choice), a method for every column, or per column like amount:psi. Methods: ${DRIFT_METHODS.join(', ')}.` },
    threshold: { type: 'number', default: '', description: "Overrides the method's threshold (drift: p < it, ks and cramer_von_mises p ≤ it; distance ≥ it, energy and l_infinity > it)." },
    'drift-share': { type: 'number', default: '0.5', description: 'The dataset drifted when at least this share of columns drifted.' },
    correction: { type: 'choice', choices: CORRECTIONS, default: 'none', description: 'Multiple-testing correction of p-values across columns.' },
    'missing-drift': { type: 'boolean', default: 'true', description: 'Test the share of missing values of each column as its own check.' },
    'min-sample': { type: 'integer', default: '30', description: 'Below this many values on either side a column gets a warning, not a silent pass.' },
    'critical-columns': { type: 'string', default: '', description: 'Drift in any of these columns fails the step whatever the share.' },
    'fail-on': { type: 'choice', choices: FAIL_ON, default: 'drift', description: 'Fail the step on dataset drift, on any warning too, or never.' },
    'html-report': { type: 'path', default: '', description: 'Write a self-contained HTML report with charts to this path.', group: 'output' },
    mode: {
      type: 'choice',
      choices: MODES,
      default: 'auto',
      description:
        "exact holds both sides' columns (every number exact); profile streams the data into profiles on the reference's bin edges (flat memory; KS as an interval); auto is exact unless a side is a profile or the data is estimated past memory-budget.",
    },
    'memory-budget': {
      type: 'integer',
      default: String(DEFAULT_MEMORY_BUDGET_MB),
      description: "mode auto: the memory (MB) exact mode's columns may take before profile mode runs instead.",
      group: 'advanced',
    },
    'ks-inconclusive': {
      type: 'choice',
      choices: INCONCLUSIVE,
      default: 'warn',
      description: 'Profile mode: a column whose KS interval straddles the threshold is a warning (the step warns; fails with fail-on: warn), or counts as drift.',
      group: 'advanced',
    },
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
  const format = inputs.choice('format', FORMAT_OPTIONS)
  const policy: DriftPolicy = {
    failOn: inputs.choice('fail-on', FAIL_ON),
    driftShare: inputs.number('drift-share', { min: 0, max: 1 }) ?? 0.5,
    critical: inputs.list('critical-columns'),
    method: inputs.string('method'),
  }
  const { method, methods } = parseMethods(policy.method)
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
  options.named = new Set([...policy.critical, ...(options.columns ?? [])])
  const run = await chooseMode(ctx, format)
  if (run.mode === 'profile') return runProfileMode(ctx, report, { options, policy, format, run })
  ctx.progress.phase(`reading '${inputs.string('reference')}' and '${inputs.string('current')}'`)
  const [reference, current] = await readBoth(ctx, options, policy.critical, format)
  ctx.progress.phase(`comparing ${thousands(reference.table.columns.length)} columns`)
  const byName = new Map<string, ColumnDrift>()
  // each pair is compared when its profiles are ready, several at once (see measurePair)
  await Promise.all(
    columnPairs(reference.table, current.table, options).map(async ([rc, cc]) => {
      const [a, b] = await measurePair(rc, cc, options.kinds.get(rc.name))
      byName.set(rc.name, compareColumn(a, b, options))
    }),
  )
  const result = detectDrift(reference.table, current.table, options, byName)
  // the files' digests were computed while the columns were compared
  ctx.progress.phase("finishing the files' digests", {}, true)
  const files = (await Promise.all([reference.digests(), current.digests()])).flat()
  const { outputs } = driftReport(report, result, { reference: reference.table.rowCount, current: current.table.rowCount }, files, options, policy, run)
  const htmlPath = inputs.optional('html-report')
  if (htmlPath)
    await writeFileAtomic(absolutePath(htmlPath, ctx.cwd), htmlPage('mlgate drift report', `<h1>Drift report</h1>${driftHtml(result.columns, report.headline)}${modeHtml(run, result.columns)}`), {
      signal: ctx.signal,
    })
  return { report, outputs }
}

/**
 * Reads both datasets: every column but the excluded ones, codes and declared categories as written,
 * and mostly unique text only counted past the dataset's text limit (read again in full when a column
 * turns out to need its values). Column names in the inputs are checked against the headers first.
 */
async function readBoth(ctx: TaskContext, options: DriftOptions, critical: string[], format: FormatOption): Promise<[ColumnRead, ColumnRead]> {
  const started = Date.now()
  const { inputs } = ctx
  const sets = await Promise.all((['reference', 'current'] as const).map((role) => openDataset(inputs.string(role), { cwd: ctx.cwd, format, role })))
  // excluded columns are not even read, unless another input names them
  const skip = (options.exclude ?? []).filter((c) => !critical.includes(c) && !options.kinds.has(c) && !options.methods.has(c) && !options.columns?.includes(c))
  // mostly unique text columns (ids, names) are not compared: they may be only counted, unless an input names them
  const fullText = [...options.kinds.keys(), ...options.methods.keys(), ...(options.named ?? [])]
  // the first rows tell every column (excluded ones too) and which hold codes written with leading zeros
  const heads = await Promise.all(sets.map((s) => s.head()))
  checkColumnNames({ ...options, critical }, heads[0].names, heads[1].names)
  // codes and columns declared categorical or text are read as written: '01001' is not the number 1001
  const text = [...new Set([...heads[0].leadingZero, ...heads[1].leadingZero, ...[...options.kinds].filter(([, k]) => k !== 'numeric').map(([c]) => c)])]
  const read = (k: number) => sets[k].columns({ exclude: skip, text, countText: { except: fullText }, textCodes: false, onFallback: (r) => ctx.log.debug(`${sets[k].role} read row by row: ${r}`) })
  let [reference, current] = await Promise.all([read(0), read(1)])
  // a column only counted must be typed from its values unless it is surely text
  if (columnPairs(reference.table, current.table, options).some(([rc, cc]) => (countedOnly(rc) || countedOnly(cc)) && !countedAsText(rc))) {
    ctx.log.debug('a text column past the text limit is not mostly unique: the data is read again in full')
    ;[reference, current] = await Promise.all([reference.inFull(), current.inFull()])
  }
  ctx.log.info(`read ${thousands(reference.table.rowCount)} reference and ${thousands(current.table.rowCount)} current rows in ${Date.now() - started} ms`)
  return [reference, current]
}
