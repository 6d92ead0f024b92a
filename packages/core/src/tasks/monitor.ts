import { ConfigurationError } from '../errors.ts'
import { sha256File, writeFileAtomic } from '../fs.ts'
import { readPredictions } from '../gate/predictions.ts'
import type { TaskType } from '../gate/predictions.ts'
import { readUserText } from '../gate/read-text.ts'
import { metricsFromFile } from '../gate/sources.ts'
import { TaskInputs } from '../inputs.ts'
import { absolutePath, FORMAT_OPTIONS } from '../io/sources.ts'
import { renderMarkdown } from '../report/markdown.ts'
import { newReport } from '../report/model.ts'
import type { FileDigest, Report } from '../report/model.ts'
import { defineTask } from '../task.ts'
import type { InputSpec, TaskContext, TaskDefinition } from '../task.ts'
import { carryOut, planned } from '../monitor/act.ts'
import type { Plan } from '../monitor/act.ts'
import { assess } from '../monitor/assess.ts'
import type { Assessment, WindowFacts } from '../monitor/assess.ts'
import { rule, withRuns } from '../monitor/decide.ts'
import type { Ruling } from '../monitor/decide.ts'
import { openEvent, windowEvent } from '../monitor/event.ts'
import { openStore } from '../monitor/history-open.ts'
import { measurePerformance } from '../monitor/performance.ts'
import { defaultPolicy, parsePolicy } from '../monitor/policy.ts'
import type { MonitorPolicy } from '../monitor/policy.ts'
import { HISTORY_VERSION, WINDOW_KIND } from '../monitor/record.ts'
import type { MetricRecord, WindowRecord } from '../monitor/record.ts'
import { columnRecords, schemaOf } from '../monitor/window.ts'
import type { DriftBodyJson } from '../monitor/window.ts'
import { detectDriftTask } from './detect-drift.ts'
import { namesProfiles, readNamedProfiles } from './profile.ts'
import { buildProfile, profileToJSON } from '../profile/index.ts'
import { openDataset } from '../dataset/index.ts'
import { monitorHtml, monitorReport } from './monitor-report.ts'
import { validateData } from './validate-data.ts'

const FAIL_ON = ['never', 'escalate', 'retrain'] as const
/** Inputs handed to detect-drift as they are. */
const DRIFT_INPUTS = [
  'reference',
  'current',
  'format',
  'columns',
  'exclude',
  'column-types',
  'method',
  'threshold',
  'correction',
  'missing-drift',
  'min-sample',
  'mode',
  'memory-budget',
  'ks-inconclusive',
] as const

/** detect-drift's own definitions of the inputs the monitor hands to it (one definition each), under advanced. */
function driftInputs(): Record<string, InputSpec> {
  const passed = DRIFT_INPUTS.filter((n) => n !== 'reference' && n !== 'current')
  return Object.fromEntries(passed.map((n) => [n, { ...detectDriftTask.inputs[n], group: 'advanced' as const }]))
}

export const monitorTask = defineTask({
  id: 'monitor',
  title: 'mlgate: monitor',
  description: 'Watch production windows over time (drift, data quality, model performance) and decide: keep, retrain or escalate to a person.',
  guid: '9c4e2f17-5a3b-4d8e-8f61-3b7d0a2c6e19',
  icon: 'eye',
  color: 'purple',
  inputs: {
    reference: { type: 'string', required: true, description: 'Reference data (file, glob or list) or its profile (*.profile.json).' },
    current: { type: 'string', required: true, description: "The current window's data (file, glob or list) or its profile." },
    history: {
      type: 'string',
      required: true,
      description: 'Where the windows are kept: dir:<path> (committed or cached), artifact:<name> (earlier runs of this workflow/pipeline) or branch:<name> (a git branch).',
    },
    'history-init': { type: 'boolean', default: 'false', description: 'Start a new history when the store does not exist yet (otherwise a missing store is an error).' },
    policy: { type: 'path', default: '', description: 'Monitor policy (YAML); every rule has a default (see docs/monitor.md).' },
    window: { type: 'string', default: '', description: "The window's label in the history and charts (default: its time, e.g. 2026-12-06T02:00Z)." },
    'window-time': { type: 'string', default: '', description: "The window's time (ISO 8601; default now): cooldowns and event times are measured from it." },
    predictions: { type: 'path', default: '', description: "The window's labelled predictions (y_true plus y_pred / y_score / proba_<class>, as gate-model reads them)." },
    'expected-metrics': { type: 'path', default: '', description: "The model's validation metrics (JSON/YAML/CSV, as gate-model reads them): the expected level of performance." },
    'task-type': { type: 'choice', choices: ['auto', 'binary', 'multiclass', 'regression'], default: 'auto', description: 'Kind of model the predictions are of.', group: 'advanced' },
    schema: { type: 'path', default: '', description: 'Validate the window against this schema (as validate-data); errors escalate.' },
    'retrain-workflow': { type: 'string', default: '', description: 'GitHub: the workflow (file name or id) dispatched to retrain; it receives the input mlgate-event.' },
    'retrain-pipeline': { type: 'string', default: '', description: 'Azure Pipelines: the pipeline id run to retrain; it receives the parameter mlgate-event.' },
    'retrain-ref': { type: 'string', default: '', description: 'Branch or tag the retrain runs on (default: the current ref).' },
    cooldown: {
      type: 'number',
      default: '',
      description: "Hours after a retrain run's start during which no second one is dispatched for the same event (default: the policy's retrain.cooldown, 24).",
    },
    'work-item-type': {
      type: 'string',
      default: 'Issue',
      description: 'Azure Boards: the work item type of an escalation (Issue is in the Basic, Agile and CMMI processes; in Scrum use e.g. Impediment).',
      group: 'advanced',
    },
    'retrain-inputs': { type: 'string', default: '', description: 'More inputs for the retrain run, as name:value pairs.' },
    ...driftInputs(),
    'fail-on': { type: 'choice', choices: FAIL_ON, default: 'never', description: 'Fail the step on escalate, on retrain too, or never (the decision is in the outputs).' },
    'html-report': { type: 'path', default: '', description: 'Write a self-contained HTML report with the trend charts to this path.', group: 'output' },
  },
  outputs: {
    decision: { description: 'keep, retrain or escalate.' },
    reason: { description: 'Why, in one sentence.' },
    'event-id': { description: 'The open drift event (stable across windows while the drift stays open); empty on keep.' },
    'run-url': { description: 'The retrain run dispatched (or still running) for the event; empty otherwise.' },
  },
  run: (ctx) => runMonitor(ctx),
})

/** Runs another task's decision with these inputs (detect-drift, validate-data), inside this run. */
async function runPart(task: TaskDefinition, ctx: TaskContext, values: Record<string, string | undefined>) {
  return task.run({ ...ctx, inputs: new TaskInputs(task, (n) => values[n]) })
}

async function readPolicy(ctx: TaskContext): Promise<MonitorPolicy> {
  const path = ctx.inputs.optional('policy')
  return path ? parsePolicy(await readUserText(path, ctx.cwd, 'monitor policy'), `The monitor policy '${path}'`) : defaultPolicy()
}

function windowTime(ctx: TaskContext): { at: string; window: string } {
  const text = ctx.inputs.optional('window-time')
  const t = text === undefined ? Date.now() : Date.parse(text)
  if (!Number.isFinite(t)) throw new ConfigurationError(`Input 'window-time': '${text}' is not an ISO 8601 time (e.g. 2026-12-06T02:00:00Z).`)
  const at = new Date(t).toISOString()
  return { at, window: ctx.inputs.optional('window') ?? `${at.slice(0, 16)}Z` }
}

/** The window's drift, validation and performance, as the history keeps them. */
interface Measured {
  facts: WindowFacts
  /** The window's profile (its JSON form), when the current side names profiles. */
  profile?: unknown
  rows: WindowRecord['rows']
  files: FileDigest[]
  unwatched: string[]
}

async function measureWindow(ctx: TaskContext, policy: MonitorPolicy): Promise<Measured> {
  const { inputs } = ctx
  const values = Object.fromEntries(DRIFT_INPUTS.map((n) => [n, inputs.string(n)]))
  const drift = await runPart(detectDriftTask, ctx, { ...values, 'critical-columns': policy.critical.join(','), 'drift-share': String(policy.drift.share), 'fail-on': 'never' }).catch((e: unknown) => {
    // the critical columns come from the policy, not from an input of this task
    if (e instanceof ConfigurationError && e.message.startsWith("Input 'critical-columns'"))
      throw new ConfigurationError(e.message.replace("Input 'critical-columns'", "The monitor policy's 'critical' list"))
    throw e
  })
  const body = drift.report.body as unknown as DriftBodyJson
  const columns = columnRecords(body, policy)
  const schemaPath = inputs.optional('schema')
  const files = [...drift.report.inputs]
  let validation: WindowFacts['validation'] = null
  if (schemaPath) {
    const v = await runPart(validateData, ctx, { data: inputs.string('current'), schema: schemaPath, format: inputs.string('format'), 'fail-on': 'never' })
    const errors = Number(v.outputs['error-count'])
    // a validation whose count cannot be read must not pass for one without errors
    if (!Number.isInteger(errors)) throw new Error(`validate-data reported no error count (got ${JSON.stringify(v.outputs['error-count'])})`)
    validation = { errors, warnings: v.report.checks.filter((c) => c.status === 'warn').length }
  }
  const perf = await performance(ctx, policy)
  const profile = await windowProfile(ctx)
  return { profile, facts: { columns, schema: schemaOf(body), validation, metrics: perf.metrics }, rows: body.rows, files: [...files, ...perf.files], unwatched: perf.unwatched }
}

/**
 * The window's profile for its record: the profiles the current side names (merged), or — when the reference is a
 * profile and the window is data — the window profiled on the reference's edges (one more streamed pass, flat
 * memory). With data on both sides the record keeps the statistics, not a profile.
 */
async function windowProfile(ctx: TaskContext): Promise<unknown> {
  const { inputs } = ctx
  const current = inputs.string('current')
  const reference = inputs.string('reference')
  if (namesProfiles(current, 'current')) return JSON.parse(profileToJSON((await readNamedProfiles(current, ctx.cwd, 'current')).profile)) as unknown
  if (!namesProfiles(reference, 'reference')) return undefined
  ctx.progress.phase("profiling the window on the reference's edges for the history")
  const { profile: edgesFrom } = await readNamedProfiles(reference, ctx.cwd, 'reference')
  const dataset = await openDataset(current, { cwd: ctx.cwd, format: inputs.choice('format', FORMAT_OPTIONS), role: 'current' })
  return JSON.parse(profileToJSON(await buildProfile(dataset, { edgesFrom }))) as unknown
}

async function performance(ctx: TaskContext, policy: MonitorPolicy): Promise<{ metrics: MetricRecord[]; unwatched: string[]; files: FileDigest[] }> {
  const path = ctx.inputs.optional('predictions')
  const expectedPath = ctx.inputs.optional('expected-metrics')
  if (!path && !expectedPath) return { metrics: [], unwatched: [], files: [] }
  if (!path || !expectedPath)
    throw new ConfigurationError(
      `Input '${path ? 'expected-metrics' : 'predictions'}' is required with '${path ? 'predictions' : 'expected-metrics'}': performance is measured against the model's validation metrics.`,
    )
  const { predictions } = await readPredictions(path, ctx.cwd, ctx.inputs.choice('task-type', ['auto', 'binary', 'multiclass', 'regression']) as TaskType, 'window predictions')
  const measured = measurePerformance(predictions, await metricsFromFile(expectedPath, ctx.cwd, 'expected metrics'), policy.performance)
  // the statement's subjects: the files the performance was judged on
  const files = await Promise.all(
    [
      [path, 'window predictions'],
      [expectedPath, 'expected metrics'],
    ].map(async ([p, role]) => ({ ...(await sha256File(absolutePath(p, ctx.cwd), role)), path: p })),
  )
  return { ...measured, files }
}

interface Decided {
  record: WindowRecord
  ruling: Ruling
  assessment: Assessment
  plan: Plan
  /** A failed call to the code host while deciding: reported once the record is saved. */
  apiError?: unknown
}

/** The policy's decision on the window, with the event's retrain runs asked of the code host when it may retrain. */
async function decideWindow(ctx: TaskContext, policy: MonitorPolicy, history: WindowRecord[], measured: Measured, time: { at: string; window: string }): Promise<Decided> {
  const { inputs, platform } = ctx
  const { at, window } = time
  const assessment = assess(measured.facts, history, policy)
  const open = openEvent(history)
  const seq = history.length + 1
  const first = rule(assessment, policy)
  const target = inputs.optional('retrain-workflow') ?? inputs.optional('retrain-pipeline')
  const eventOf = (r: Ruling) => windowEvent(r.decision, open, { seq, window, at, columns: [...assessment.drifted, ...assessment.degraded] })
  let apiError: unknown
  let ruling = first
  let dispatch: Plan['dispatch']
  const event = eventOf(first)
  if (first.decision === 'retrain' && event && platform.monitor && target) {
    const runs = await platform.monitor.retrainRuns(event.id).catch((e: unknown) => void (apiError = e))
    if (runs) ({ ruling, dispatch } = withRuns(first, runs, policy, at))
  }
  const record: WindowRecord = {
    kind: WINDOW_KIND,
    version: HISTORY_VERSION,
    seq,
    window,
    at,
    rows: measured.rows,
    ...measured.facts,
    decision: ruling.decision,
    reason: ruling.reason,
    event: eventOf(ruling),
    actions: [],
    ...(measured.profile ? { profile: measured.profile } : {}),
  }
  const ref = inputs.optional('retrain-ref')
  const retrainInputs = { ...Object.fromEntries(inputs.map('retrain-inputs')), ...(ref ? { ref } : {}) }
  const plan: Plan = { decision: ruling.decision, reason: ruling.reason, window, event: record.event, closing: ruling.decision === 'keep' ? open : null, dispatch, target, retrainInputs, markdown: '' }
  record.actions = apiError ? [] : planned(plan, Boolean(platform.monitor))
  return { record, ruling, assessment, plan, apiError }
}

/**
 * A refused or failed call to the code host is a warning with its reason, never a failed step: the window is saved
 * already, and the next scheduled run finds the same open event and acts again (missing permissions are named in the
 * message by the platform's monitor actions).
 */
function actionFailed(ctx: TaskContext, report: Report, message: string): void {
  ctx.platform.log.warn(message)
  report.checks.push({ id: 'action', title: 'Acting on the decision', status: 'warn', message })
  if (report.verdict === 'pass') report.verdict = 'warn'
}

export async function runMonitor(ctx: TaskContext) {
  const { inputs, platform } = ctx
  const policy = await readPolicy(ctx)
  const cooldown = inputs.number('cooldown', { min: 0 })
  if (cooldown !== undefined) policy.retrain.cooldownHours = cooldown
  const time = windowTime(ctx)
  const failOn = inputs.choice('fail-on', FAIL_ON)
  const store = await openStore(inputs.string('history'), { cwd: ctx.cwd, platform, init: inputs.boolean('history-init') })
  ctx.progress.phase(`reading the ${store.label}`)
  const history = await store.read()
  const measured = await measureWindow(ctx, policy)
  const { record, ruling, assessment, plan, apiError } = await decideWindow(ctx, policy, history, measured, time)
  // the window's record is saved before the code host is asked to do anything, so a failed call never loses it
  ctx.progress.phase(`saving window ${record.seq} to the ${store.label}`)
  const saved = await store.append(record)
  const facts = {
    record,
    history,
    policy,
    ruling,
    assessment,
    files: measured.files,
    unwatched: measured.unwatched,
    saved: `${store.label}: ${saved.location}`,
    closing: plan.closing,
    failOn,
    charts: platform.kind !== 'cli',
  }
  const report = monitorReport(newReport('monitor', 'Monitor'), facts)
  const savedFirst = `window ${record.seq} was saved to the ${store.label} first`
  let runUrl = plan.dispatch && plan.dispatch.kind !== 'dispatch' ? plan.dispatch.run.url : undefined
  if (apiError)
    actionFailed(ctx, report, `The code host's API failed while looking up the retrain runs of ${record.event?.id} (${(apiError as Error).message}); ${savedFirst}, and the next run tries again.`)
  else if (platform.monitor) {
    plan.markdown = renderMarkdown(report, { maxBytes: 60_000 })
    const done = await carryOut(plan, platform.monitor).catch((e: unknown) => {
      actionFailed(ctx, report, `The code host's API failed while acting on the decision ${ruling.decision} (${(e as Error).message}); ${savedFirst}, and the next run tries again.`)
      return undefined
    })
    runUrl = done?.runUrl ?? runUrl
    if (done) report.body.done = done.done
    if (runUrl && report.body.event) Object.assign(report.body.event, { retrainUrl: runUrl })
  }
  const htmlPath = inputs.optional('html-report')
  if (htmlPath) await writeFileAtomic(absolutePath(htmlPath, ctx.cwd), monitorHtml(report, [...history, record], policy), { signal: ctx.signal })
  return { report, outputs: { decision: ruling.decision, reason: ruling.reason, 'event-id': record.event?.id ?? '', 'run-url': runUrl ?? '' } }
}
