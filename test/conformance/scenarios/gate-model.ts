import { csv, json, seeded, slice } from '../data.ts'
import type { Cell } from '../data.ts'
import { scenario } from '../scenario.ts'
import type { Scenario } from '../scenario.ts'

const CANDIDATE = { accuracy: 0.91, f1: 0.82, roc_auc: 0.93 }
const BASELINE = { accuracy: 0.9, f1: 0.8, roc_auc: 0.92 }
const WORSE = { accuracy: 0.9, f1: 0.74, roc_auc: 0.92 }
const RULES_YAML = 'metrics:\n  accuracy: { min: 0.9 }\n  f1: { max-regression: 0.01 }\n'

/** Binary predictions of 120 rows, right `accuracy` of the time, with a score that agrees with the label. */
function predictions(seed: number, accuracy: number): Cell[][] {
  const next = seeded(seed)
  return Array.from({ length: 120 }, (_, i) => {
    const truth = i % 2
    const right = next() < accuracy
    const pred = right ? truth : 1 - truth
    const score = Number((pred ? 0.5 + next() / 2 : next() / 2).toFixed(4))
    return [truth, pred, score]
  })
}
const HEADER = ['y_true', 'y_pred', 'y_score']
const PREDS = predictions(7, 0.85)
const BASE_PREDS = predictions(8, 0.8)
const [P1, P2, P3] = slice(PREDS, 3)
const metrics = { 'candidate.json': json(CANDIDATE), 'baseline.json': json(BASELINE) }

const T = 'gate-model'
export const GATE_MODEL: Scenario[] = [
  scenario(
    T,
    'inline thresholds met: promote, pass',
    metrics,
    { candidate: 'candidate.json', rules: 'accuracy >= 0.9; f1 >= 0.8' },
    { verdict: 'pass', outputs: { promote: 'true', 'failed-rules': '' } },
  ),
  scenario(
    T,
    'inline rules on several lines, one not met: fail',
    metrics,
    { candidate: 'candidate.json', rules: 'accuracy >= 0.9\nf1 >= 0.85\nroc_auc >= 0.9\n' },
    { verdict: 'fail', outputs: { promote: 'false', 'failed-rules': 'f1' } },
  ),
  scenario(
    T,
    'fail-on never reports a failed rule as a warning',
    metrics,
    { candidate: 'candidate.json', rules: 'accuracy >= 0.95', 'fail-on': 'never' },
    { verdict: 'warn', outputs: { promote: 'false', 'failed-rules': 'accuracy' } },
  ),
  scenario(T, 'no rules: no metric may regress against the baseline, pass', metrics, { candidate: 'candidate.json', baseline: 'baseline.json' }, { verdict: 'pass', outputs: { promote: 'true' } }),
  scenario(
    T,
    'no rules: a regression against the baseline fails',
    { 'candidate.json': json(WORSE), 'baseline.json': json(BASELINE) },
    { candidate: 'candidate.json', baseline: 'baseline.json' },
    { verdict: 'fail', outputs: { promote: 'false', 'failed-rules': 'f1' } },
  ),
  scenario(
    T,
    'rules file and metrics in paths with spaces',
    { 'policy dir/gate rules.yaml': RULES_YAML, 'metrics dir/candidate metrics.json': json(CANDIDATE), 'metrics dir/baseline metrics.json': json(BASELINE) },
    { candidate: 'metrics dir/candidate metrics.json', baseline: 'metrics dir/baseline metrics.json', rules: 'policy dir/gate rules.yaml' },
    {
      verdict: 'pass',
      outputs: { promote: 'true' },
    },
  ),
  scenario(
    T,
    'metrics computed from a predictions file',
    { 'predictions.csv': csv(HEADER, PREDS) },
    { predictions: 'predictions.csv', rules: 'accuracy >= 0.8; roc_auc >= 0.8' },
    {
      verdict: 'pass',
      outputs: { promote: 'true' },
      check: (report, _ws, expect) => expect(Object.keys(report.computed as object)).toContain('accuracy'),
    },
  ),
  scenario(
    T,
    'predictions as a glob of three shards under a directory, against baseline predictions',
    { 'preds/part-1.csv': csv(HEADER, P1), 'preds/part-2.csv': csv(HEADER, P2), 'preds/part-3.csv': csv(HEADER, P3), 'baseline.csv': csv(HEADER, BASE_PREDS) },
    {
      predictions: 'preds/part-*.csv',
      'baseline-predictions': 'baseline.csv',
      rules: 'accuracy >= baseline + 0.2',
      resamples: '200',
    },
    { verdict: 'fail', outputs: { promote: 'false', 'failed-rules': 'accuracy' } },
  ),
  scenario(
    T,
    'neither candidate metrics nor predictions is an error',
    {},
    { rules: 'accuracy >= 0.9' },
    { verdict: 'error', message: /^Give the candidate's metrics \('candidate'\) or its predictions \('predictions'\)\.$/ },
  ),
  scenario(
    T,
    'a missing metrics file is an error naming it',
    {},
    { candidate: 'metrics/candidate.json', rules: 'accuracy >= 0.9' },
    { verdict: 'error', message: /'metrics\/candidate\.json' does not exist\.$/ },
  ),
  scenario(
    T,
    'a directory given as candidate metrics is an error',
    { 'metrics/candidate.json': json(CANDIDATE) },
    { candidate: 'metrics', rules: 'accuracy >= 0.9' },
    { verdict: 'error', message: /^The candidate metrics file 'metrics' is a directory, not a file\.$/ },
  ),
  scenario(
    T,
    'a rule on an unknown metric is an error',
    metrics,
    { candidate: 'candidate.json', rules: 'precision >= 0.9' },
    { verdict: 'error', message: /^The rule on 'precision' names an unknown metric/ },
  ),
]
