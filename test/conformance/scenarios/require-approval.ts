import { json } from '../data.ts'
import { scenario } from '../scenario.ts'
import type { Scenario } from '../scenario.ts'

/** A decision file as a reviewer leaves it for cli mode (no time: it is timed when read). */
const decision = (d: 'approve' | 'deny', by = 'carol') => json({ decision: d, by, comment: 'reviewed the reports' })
const MODEL = { 'model.bin': 'weights v2\n' }
const CLI = { mode: 'cli', 'decision-file': 'decision.json', approvers: 'carol,dave', subject: 'model.bin' }
const approved = (by = 'carol') => ({ 'approval-status': 'approved', approvers: by, 'decision-path': '.mlgate/approval/decision.json', 'request-url': 'decision.json' })
const subjects = (names: string[]) => (report: Record<string, unknown>, _ws: string, expect: import('vitest').ExpectStatic) =>
  expect((report.inputs as { path: string }[]).map((i) => i.path)).toEqual(names)

const T = 'require-approval'
export const REQUIRE_APPROVAL: Scenario[] = [
  scenario(T, 'approved by an authorized approver: pass', { ...MODEL, 'decision.json': decision('approve') }, CLI, {
    verdict: 'pass',
    outputs: approved(),
    headline: /^Approved by carol\.$/,
    check: subjects(['model.bin']),
  }),
  scenario(T, 'denied by an authorized approver: fail', { ...MODEL, 'decision.json': decision('deny', 'dave') }, CLI, {
    verdict: 'fail',
    outputs: { 'approval-status': 'denied', approvers: '' },
    headline: /^Denied by dave\.$/,
  }),
  scenario(T, 'signed by someone who is not an approver: fail', { ...MODEL, 'decision.json': decision('approve', 'mallory') }, CLI, {
    verdict: 'fail',
    outputs: { 'approval-status': 'not-approved', approvers: '' },
    headline: /^Not approved: the decision file 'decision\.json' is signed by mallory, who is not one of the approvers/,
  }),
  scenario(
    T,
    "the run's initiator cannot approve it",
    { ...MODEL, 'decision.json': decision('approve', 'alice') },
    { mode: 'cli', 'decision-file': 'decision.json', subject: 'model.bin' },
    {
      verdict: 'fail',
      headline: /signed by alice, who started this run/,
    },
  ),
  scenario(
    T,
    'exclude-initiator false lets the initiator approve',
    { ...MODEL, 'decision.json': decision('approve', 'alice') },
    { mode: 'cli', 'decision-file': 'decision.json', subject: 'model.bin', 'exclude-initiator': 'false' },
    { verdict: 'pass', outputs: approved('alice') },
  ),
  scenario(
    T,
    'fail-on-deny false reports a denial as a warning',
    { ...MODEL, 'decision.json': decision('deny') },
    { ...CLI, 'fail-on-deny': 'false' },
    { verdict: 'warn', outputs: { 'approval-status': 'denied' } },
  ),
  scenario(
    T,
    'the approval is bound to every file under a directory',
    { 'release/model/weights.bin': 'w\n', 'release/model/config.json': '{}\n', 'release/card.md': '# card\n', 'decision.json': decision('approve') },
    { ...CLI, subject: 'release/**' },
    {
      verdict: 'pass',
      check: subjects(['release/card.md', 'release/model/config.json', 'release/model/weights.bin']),
    },
  ),
  scenario(
    T,
    'paths with spaces: subject, decision file and decision record',
    { 'my model/model v2.bin': 'w\n', 'review notes/decision 1.json': decision('approve') },
    { ...CLI, subject: 'my model/model v2.bin', 'decision-file': 'review notes/decision 1.json', 'decision-path': 'audit dir/decision record.json' },
    {
      verdict: 'pass',
      outputs: { 'approval-status': 'approved', 'decision-path': 'audit dir/decision record.json', 'request-url': 'review notes/decision 1.json' },
      check: subjects(['my model/model v2.bin']),
    },
  ),
  scenario(T, 'a missing decision file is an error naming it', MODEL, CLI, { verdict: 'error', message: /^The decision file 'decision\.json' does not exist\.$/ }),
  scenario(T, 'a decision file that is not JSON is an error', { ...MODEL, 'decision.json': 'approve\n' }, CLI, { verdict: 'error', message: /^The decision file 'decision\.json' is not valid JSON/ }),
  scenario(
    T,
    'cli mode without a decision file outside a terminal is an error',
    MODEL,
    { mode: 'cli', subject: 'model.bin' },
    { verdict: 'error', message: /^cli mode needs 'decision-file' when not run in a terminal\.$/ },
  ),
]
