import { ConfigurationError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { fmt, table } from '../report/markdown.ts'
import { newReport } from '../report/model.ts'
import type { FileDigest, Report } from '../report/model.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import type { RuleResult } from '../gate/evaluate.ts'
import { decisionLine, evaluateRule, needsBaseline, nothingGated } from '../gate/evaluate.ts'
import type { Predictions } from '../gate/metrics.ts'
import { computeAll } from '../gate/computed.ts'
import { defaultRules } from '../gate/default-rules.ts'
import type { MlflowOptions } from '../gate/mlflow.ts'
import { metricsFromMlflow, metricsFromMlflowVersion, parseMlflowSpec, writeBackMlflow } from '../gate/mlflow.ts'
import type { TaskType } from '../gate/predictions.ts'
import { readPredictions } from '../gate/predictions.ts'
import type { Rule } from '../gate/rules.ts'
import { parseRules } from '../gate/rules.ts'
import type { Interval, Significance } from '../gate/significance.ts'
import { checkSameRows, intervalFor } from '../gate/significance.ts'
import { sliceRows, subset } from '../gate/slices.ts'
import type { Metrics } from '../gate/sources.ts'
import { metricsFromFile, metricsFromGit } from '../gate/sources.ts'
import { metricsFromArtifact } from '../gate/artifact.ts'
import { readUserText } from '../gate/read-text.ts'
import { EVENT_ID_INPUT, withRunEvent } from '../evidence/event.ts'
import type { Table } from '../table/types.ts'

const FAIL_ON = ['fail', 'never'] as const

export const gateModel = defineTask({
  id: 'gate-model',
  title: 'mlgate: gate model',
  description: 'Decide whether a candidate model may be promoted: thresholds, superiority or non-inferiority against the production baseline, significance, slices.',
  guid: '9a4c3e21-6b5d-4e8f-8c7a-3f1e2d4b5a03',
  icon: 'award',
  color: 'blue',
  inputs: {
    candidate: { type: 'string', default: '', description: 'Candidate metrics: JSON/YAML (flat or nested), CSV name,value, a DVC metrics file, MLflow runs/get JSON, or mlflow:<model>/<version>.' },
    baseline: { type: 'string', default: '', description: 'Baseline metrics: a file, git:<ref>:<path>, mlflow:<model>@<alias>, or (GitHub, Azure Pipelines) artifact:<name>[/<file>].' },
    rules: {
      type: 'multiline',
      default: '',
      description: "Rules: a YAML file or inline, e.g. 'accuracy >= 0.9; f1 >= baseline - 0.01; latency_ms <= baseline * 1.1'. Default: no known metric may regress.",
    },
    predictions: { type: 'string', default: '', description: 'Candidate predictions on the evaluation rows (y_true plus y_pred and/or y_score / proba_<class>): CSV, Parquet or JSONL.' },
    'baseline-predictions': { type: 'string', default: '', description: 'Baseline predictions on the same rows, for significance.' },
    'task-type': { type: 'choice', choices: ['auto', 'binary', 'multiclass', 'regression'], default: 'auto', description: 'Kind of model the predictions come from.' },
    significance: {
      type: 'choice',
      choices: ['none', 'bootstrap', 'mcnemar', 'delong'],
      default: 'bootstrap',
      description: 'How the confidence interval of candidate − baseline is computed when both predictions are given.',
    },
    confidence: { type: 'number', default: '0.95', description: 'Confidence level of the intervals.' },
    resamples: { type: 'integer', default: '2000', description: 'Bootstrap resamples.', group: 'advanced' },
    seed: { type: 'integer', default: '42', description: 'Seed of the bootstrap.', group: 'advanced' },
    'slice-column': { type: 'string', default: '', description: 'Evaluate every rule per value of this column of the predictions.' },
    'min-slice-size': { type: 'integer', default: '30', description: 'Slices with fewer rows are reported but not gated.' },
    'mlflow-tracking-uri': { type: 'string', default: '', description: 'MLflow tracking server (or MLFLOW_TRACKING_URI).' },
    'mlflow-token': { type: 'secret', default: '', description: 'MLflow token (or MLFLOW_TRACKING_TOKEN).' },
    'promote-alias': { type: 'string', default: '', description: 'When the gate passes and the candidate is mlflow:<model>/<version>, move this alias to it.' },
    'fail-on': { type: 'choice', choices: FAIL_ON, default: 'fail', description: 'fail: the step fails when the gate says no; never: report only.' },
    'event-id': EVENT_ID_INPUT,
  },
  outputs: {
    promote: { description: 'true when the candidate may be promoted.' },
    'failed-rules': { description: 'Comma-separated metric names whose rules failed.' },
  },
  run: (ctx) => withRunEvent(ctx, () => runGateModel(ctx)),
})

interface Side {
  metrics?: Metrics
  predictions?: Predictions
  table?: Table
  /** Metrics computed from the predictions. */
  computed: Metrics
  /** Metrics that could not be computed from the predictions, with the reason. */
  unavailable: Map<string, string>
  digests: FileDigest[]
  origin: string
  mlflow?: { model: string; version: string }
}

async function fileDigest(path: string, cwd: string): Promise<FileDigest> {
  return { ...(await sha256File(absolutePath(path, cwd))), path }
}

/** The MLflow server: the inputs, or the variables MLflow's own clients read. */
function mlflowOptions(ctx: TaskContext, spec: string): MlflowOptions {
  const trackingUri = ctx.inputs.optional('mlflow-tracking-uri') ?? ctx.platform.env.MLFLOW_TRACKING_URI
  if (!trackingUri) throw new ConfigurationError(`Input 'mlflow-tracking-uri' is needed to read '${spec}'.`)
  return { trackingUri, token: ctx.inputs.optional('mlflow-token') ?? ctx.platform.env.MLFLOW_TRACKING_TOKEN }
}

async function loadMetrics(ctx: TaskContext, side: Side, spec: string, role: 'candidate' | 'baseline'): Promise<void> {
  if (spec.startsWith('git:')) side.metrics = await metricsFromGit(spec, ctx.cwd)
  else if (spec.startsWith('mlflow:')) {
    const ref = parseMlflowSpec(spec, role)
    if ('alias' in ref) side.metrics = (await metricsFromMlflow(ref, mlflowOptions(ctx, spec))).metrics
    else {
      side.metrics = (await metricsFromMlflowVersion(ref, mlflowOptions(ctx, spec))).metrics
      side.mlflow = ref
    }
  } else if (spec.startsWith('artifact:')) side.metrics = await metricsFromArtifact(spec, ctx.platform)
  else {
    side.metrics = await metricsFromFile(spec, ctx.cwd, `${role} metrics file`)
    side.digests.push(await fileDigest(spec, ctx.cwd))
  }
}

async function loadSide(ctx: TaskContext, spec: string | undefined, predictionsPath: string | undefined, role: 'candidate' | 'baseline', type: TaskType): Promise<Side> {
  const side: Side = { digests: [], origin: spec ?? '(predictions)', computed: new Map(), unavailable: new Map() }
  if (spec) await loadMetrics(ctx, side, spec, role)
  if (predictionsPath) {
    const r = await readPredictions(predictionsPath, ctx.cwd, type, `${role} predictions`)
    side.predictions = r.predictions
    side.table = r.table
    side.digests.push(...r.table.files)
    ;({ values: side.computed, unavailable: side.unavailable } = computeAll(r.predictions, predictionsPath))
  }
  return side
}

/**
 * What the default policy compares: every metric the baseline states, and those computed from its
 * predictions that the candidate has too (a candidate without predictions cannot have the others).
 */
function comparedBaseline(base: Side, cand: Side, candidate: Metrics): Metrics {
  const computed = [...base.computed].filter(([k]) => cand.predictions || candidate.has(k))
  return new Map([...(base.metrics ?? []), ...computed])
}

/** A rule on a metric that is nowhere, or could not be computed, is the user's mistake: say which. */
function checkRuleMetrics(rules: Rule[], candidate: Metrics, baseline: Metrics | undefined, cand: Side, base: Side): void {
  for (const r of rules) {
    if (r.missing === 'skip') continue
    const why = whyNotComputed(r, candidate, baseline, cand, base)
    if (why) throw new ConfigurationError(`The rule on '${r.metric}' cannot be checked: ${why}.`)
    if (!candidate.has(r.metric) && !baseline?.has(r.metric))
      throw new ConfigurationError(`The rule on '${r.metric}' names an unknown metric; the candidate has ${[...candidate.keys()].join(', ') || 'no metrics'}.`)
  }
}

/** Why the metric of a rule is missing on the side that needs it, when predictions were there and could not give it. */
function whyNotComputed(r: Rule, candidate: Metrics, baseline: Metrics | undefined, cand: Side, base: Side): string | undefined {
  if (!candidate.has(r.metric)) return cand.unavailable.get(r.metric)
  if (needsBaseline(r) && !baseline?.has(r.metric)) return base.unavailable.get(r.metric)
  return undefined
}

async function runGateModel(ctx: TaskContext) {
  const { inputs } = ctx
  const report = newReport('gate-model', 'Gate model')
  const type = inputs.choice('task-type', ['auto', 'binary', 'multiclass', 'regression'] as const)
  const significance = inputs.choice('significance', ['none', 'bootstrap', 'mcnemar', 'delong'] as const) as Significance
  const confidence = inputs.number('confidence', { min: 0.5, max: 0.9999 }) ?? 0.95
  const resamples = inputs.number('resamples', { min: 100, max: 100_000, integer: true }) ?? 2000
  const seed = inputs.number('seed', { integer: true }) ?? 42
  const minSlice = inputs.number('min-slice-size', { min: 1, integer: true }) ?? 30
  const failOn = inputs.choice('fail-on', FAIL_ON)
  const candSpec = inputs.optional('candidate')
  const predPath = inputs.optional('predictions')
  if (!candSpec && !predPath) throw new ConfigurationError("Give the candidate's metrics ('candidate') or its predictions ('predictions').")
  const cand = await loadSide(ctx, candSpec, predPath, 'candidate', type)
  const base = await loadSide(ctx, inputs.optional('baseline'), inputs.optional('baseline-predictions'), 'baseline', type)
  const { computed } = cand
  // metrics computed from predictions win: they are what the intervals are computed on
  const candidate: Metrics = new Map([...(cand.metrics ?? []), ...computed])
  const baseComputed = base.computed
  const baseline: Metrics | undefined = base.metrics || base.predictions ? new Map([...(base.metrics ?? []), ...baseComputed]) : undefined

  const rulesText = inputs.string('rules')
  // neither rules nor a baseline: nothing can gate
  const rules = rulesText.trim() !== '' ? await loadRules(rulesText, ctx.cwd) : baseline && defaultRules(comparedBaseline(base, cand, candidate))
  if (!rules) return reportOnly(report, candidate, computed, cand, failOn)
  checkRuleMetrics(rules, candidate, baseline, cand, base)

  const intervals = ruleIntervals(rules, cand, base, significance, { confidence, resamples, seed })
  const ci = new Map([...intervals].map(([k, v]) => [k, v.ci]))
  const results = rules.map((r) => evaluateRule(r, candidate, baseline, ci, confidence))
  const slices = cand.predictions && inputs.optional('slice-column') ? evaluateSlices(inputs.string('slice-column'), cand, base, rules, minSlice, { confidence, resamples, seed, significance }) : []
  const failedSlices = slices.filter((s) => s.gated && !s.passed)
  const failed = results.filter((r) => !r.passed)
  const gatedNothing = nothingGated(results, failedSlices.length)
  const promote = !gatedNothing && failed.length === 0 && failedSlices.length === 0

  report.verdict = gatedNothing ? 'warn' : promote ? 'pass' : failOn === 'never' ? 'warn' : 'fail'
  report.headline = decisionLine(
    results,
    confidence,
    failedSlices.map((s) => `${s.column}=${s.value}: ${s.summary}`),
  )
  report.inputs = [...cand.digests, ...base.digests]
  for (const r of results) report.checks.push({ id: `rule:${r.name}`, title: r.rule, status: r.skipped ? 'skip' : r.passed ? 'pass' : 'fail', message: r.reason })
  for (const s of failedSlices) report.checks.push({ id: `slice:${s.value}`, title: `Slice ${s.column}=${s.value}`, status: 'fail', message: s.failures.join('; ') })
  const level = report.verdict === 'fail' ? 'error' : 'warning'
  for (const r of failed) report.annotations.push({ level, title: `gate-model: ${r.name}`, message: `${r.summary || r.reason} — rule '${r.rule}'` })
  for (const s of failedSlices) report.annotations.push({ level, title: `gate-model: slice ${s.column}=${s.value}`, message: s.failures.join('; ') })
  report.sections = gateSections(results, intervals, slices, confidence, computed)
  report.policy = { rules: rules.map((r) => r.text), significance, confidence, resamples, seed, sliceColumn: inputs.optional('slice-column') ?? null, minSliceSize: minSlice, failOn }
  report.body = {
    promote,
    metrics: results.map((r) => ruleBody(r, intervals.get(r.name))),
    computed: Object.fromEntries(computed),
    computedBaseline: Object.fromEntries(baseComputed),
    slices,
    candidateSource: cand.origin,
    baselineSource: base.origin === '(predictions)' && !base.predictions ? null : base.origin,
  }
  if (cand.mlflow) await mlflowWriteBack(ctx, cand.mlflow, report.verdict, promote)
  return { report, outputs: { promote: String(promote), 'failed-rules': [...failed.map((r) => r.name), ...failedSlices.map((s) => `${s.column}=${s.value}`)].join(',') } }
}

/** Intervals of the rules' metrics from both sides' predictions: for every rule when there are few, otherwise only where a rule asks for significance. */
function ruleIntervals(rules: Rule[], cand: Side, base: Side, significance: Significance, o: { confidence: number; resamples: number; seed: number }): Map<string, Interval> {
  const intervals = new Map<string, Interval>()
  if (significance === 'none' || !cand.predictions || !base.predictions) return intervals
  checkSameRows(cand.predictions, base.predictions)
  const wanted = rules.length <= 8 ? rules : rules.filter((r) => r.significant)
  for (const r of wanted) {
    const iv = intervalFor(r.metric, cand.predictions, base.predictions, significance, o)
    if (iv) intervals.set(r.metric, iv)
  }
  return intervals
}

/** A rule's entry in the report body. */
function ruleBody(r: RuleResult, interval: Interval | undefined) {
  return {
    name: r.name,
    candidate: r.candidate,
    baseline: r.baseline,
    delta: r.delta,
    deltaRel: r.deltaRel,
    ci: r.ci,
    test: interval?.test ?? null,
    pValue: interval?.pValue ?? null,
    direction: r.direction,
    directionSource: r.directionSource,
    rule: r.rule,
    passed: r.passed,
    skipped: r.skipped,
    reason: r.reason,
  }
}

async function loadRules(text: string, cwd: string): Promise<Rule[]> {
  const t = text.trim()
  if (!t.includes('\n') && /\.(ya?ml|json)$/i.test(t)) return parseRules(await readUserText(t, cwd, 'rules file'), `rules file '${t}'`)
  return parseRules(t, "input 'rules'")
}

/** Neither rules nor a baseline: the metrics are reported, nothing is gated, and the verdict says so. */
function reportOnly(report: Report, candidate: Metrics, computed: Metrics, cand: Side, failOn: string) {
  report.verdict = 'warn'
  report.headline = `promote: no — no rule gated anything: give 'rules' or a 'baseline'; ${candidate.size} metric(s) of the candidate reported`
  report.inputs = cand.digests
  report.checks.push({ id: 'rules', title: 'Rules', status: 'warn', message: 'no rules and no baseline: nothing was gated' })
  const source = (name: string) => (computed.has(name) ? 'predictions' : 'candidate')
  report.sections = [
    {
      title: 'Metrics (not gated)',
      markdown: table(
        ['Metric', 'Value', 'Source'],
        [...candidate].map(([k, v]) => [k, fmt(v, 6), source(k)]),
      ),
    },
  ]
  report.policy = { rules: [], failOn }
  report.body = { promote: false, metrics: [], computed: Object.fromEntries(computed), computedBaseline: {}, slices: [], candidateSource: cand.origin, baselineSource: null }
  return { report, outputs: { promote: 'false', 'failed-rules': '' } }
}

async function mlflowWriteBack(ctx: TaskContext, mv: { model: string; version: string }, verdict: string, promote: boolean): Promise<void> {
  const alias = ctx.inputs.optional('promote-alias')
  await writeBackMlflow(mlflowOptions(ctx, `mlflow:${mv.model}/${mv.version}`), mv.model, mv.version, verdict, promote ? alias : undefined)
  ctx.log.info(`MLflow: tagged ${mv.model} v${mv.version} mlgate.verdict=${verdict}${promote && alias ? ` and moved alias '${alias}' to it` : ''}`)
}

interface SliceResult {
  column: string
  value: string
  rows: number
  gated: boolean
  passed: boolean
  failures: string[]
  /** The first failure in a few words. */
  summary: string
  /** Rules whose metric cannot be computed on the slice's rows, with the reason. */
  notChecked: string[]
  ci: Record<string, [number, number]>
  metrics: Record<string, { candidate: number | null; baseline: number | null }>
}

function evaluateSlices(column: string, cand: Side, base: Side, rules: Rule[], minSize: number, o: { confidence: number; resamples: number; seed: number; significance: Significance }): SliceResult[] {
  const { confidence } = o
  const out: SliceResult[] = []
  for (const [value, rows] of sliceRows(cand.table!, column)) {
    const cp = subset(cand.predictions!, rows)
    const bp = base.predictions ? subset(base.predictions, rows) : undefined
    const { values: cm, unavailable } = computeAll(cp, `slice ${column}=${value}`)
    const bm = bp ? computeAll(bp, '').values : base.metrics
    const applicable = rules.filter((r) => cm.has(r.metric))
    // a metric that cannot be computed on this slice's rows is said, not dropped without a word
    const notChecked = rules.filter((r) => !cm.has(r.metric) && unavailable.has(r.metric)).map((r) => unavailable.get(r.metric)!)
    const ci = new Map<string, [number, number]>()
    if (bp && o.significance !== 'none')
      for (const r of applicable.filter((x) => x.significant)) {
        const iv = intervalFor(r.metric, cp, bp, o.significance, o)
        if (iv) ci.set(r.metric, iv.ci)
      }
    const results: RuleResult[] = applicable.map((r) => evaluateRule(r, cm, bm, ci, confidence))
    const gated = rows.length >= minSize
    out.push({
      column,
      value,
      rows: rows.length,
      gated,
      passed: results.every((r) => r.passed),
      failures: results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.reason}`),
      summary: results.find((r) => !r.passed)?.summary ?? '',
      notChecked,
      ci: Object.fromEntries(ci),
      metrics: Object.fromEntries(applicable.map((r) => [r.metric, { candidate: cm.get(r.metric) ?? null, baseline: bm?.get(r.metric) ?? null }])),
    })
  }
  return out.sort((a, b) => Number(a.passed) - Number(b.passed) || b.rows - a.rows)
}

function sliceResult(s: SliceResult): string {
  const notChecked = s.notChecked.length ? `; ⚠️ not checked: ${s.notChecked.join('; ')}` : ''
  return s.passed ? `✅ pass${notChecked}` : `❌ ${s.failures.join('; ')}${notChecked}`
}

function gateSections(results: RuleResult[], intervals: Map<string, Interval>, slices: SliceResult[], confidence: number, computed: Metrics) {
  const pct = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${fmt(v * 100)}%`)
  const rows = results.map((r) => [
    r.name,
    fmt(r.baseline),
    fmt(r.candidate),
    r.delta === null ? '—' : `${r.delta >= 0 ? '+' : ''}${fmt(r.delta)}`,
    pct(r.deltaRel),
    r.ci ? `${fmt(r.ci[0])} … ${fmt(r.ci[1])}` : '—',
    `${r.rule}${r.directionSource === 'name' ? ` (${r.direction} is better)` : ''}`,
    r.skipped ? '⏭️ skipped' : r.passed ? '✅ pass' : `❌ ${r.reason}`,
  ])
  const sections = [{ title: 'Metrics', markdown: table(['Metric', 'Baseline', 'Candidate', 'Δ', 'Δ%', `${fmt(confidence * 100)}% CI of Δ`, 'Rule', 'Result'], rows) }]
  const tests = [...intervals].filter(([, v]) => v.pValue !== undefined)
  if (tests.length)
    sections.push({
      title: 'Significance tests',
      markdown: table(
        ['Metric', 'Test', 'p-value'],
        tests.map(([k, v]) => [k, v.test, fmt(v.pValue!)]),
      ),
    })
  const sliceMetrics = (s: SliceResult) =>
    Object.entries(s.metrics)
      .map(([k, v]) => `${k} ${fmt(v.candidate)}${v.baseline === null ? '' : ` (baseline ${fmt(v.baseline)})`}`)
      .join('<br>')
  if (slices.length)
    sections.push({
      title: 'Slices',
      markdown: table(
        ['Slice', 'Rows', 'Gated', 'Metrics', 'Result'],
        slices.map((s) => [`${s.column}=${s.value}`, s.rows, s.gated ? 'yes' : `no (< min-slice-size)`, sliceMetrics(s), sliceResult(s)]),
      ),
    })
  if (computed.size)
    sections.push({
      title: 'Computed from predictions',
      markdown: table(
        ['Metric', 'Value'],
        [...computed].map(([k, v]) => [k, fmt(v, 6)]),
      ),
      folded: true,
    } as never)
  return sections
}
