import { ConfigurationError } from '../errors.ts'
import { readUserText } from '../gate/read-text.ts'
import type { Policy, Signal } from './decide.ts'
import { Tally } from './decide.ts'

/** A decision file for pipelines on other CI systems: {"decision": "approve"|"deny", "by": "...", "comment": "..."}. */
async function decisionFromFile(path: string, cwd: string): Promise<Signal> {
  const text = await readUserText(path, cwd, 'decision file')
  let doc: { decision?: string; by?: string; comment?: string; at?: string }
  try {
    doc = JSON.parse(text)
  } catch (e) {
    // JSON.parse quotes the text it read, line breaks included: keep the sentence on one line
    throw new ConfigurationError(`The decision file '${path}' is not valid JSON: ${(e as Error).message.replace(/\s+/g, ' ').trim()}.`)
  }
  if (doc.decision !== 'approve' && doc.decision !== 'deny') throw new ConfigurationError(`The decision file '${path}' must have "decision": "approve" or "deny".`)
  if (!doc.by) throw new ConfigurationError(`The decision file '${path}' must say who decided ("by").`)
  return { id: `file:${path}`, author: doc.by, isBot: false, body: `${doc.decision}${doc.comment ? `\n${doc.comment}` : ''}`, createdAt: doc.at ?? new Date().toISOString() }
}

const APPROVE = ['approve', 'approved', 'yes', 'y', 'lgtm']
const DENY = ['deny', 'denied', 'no', 'n', 'reject']

/** Asks through the platform until the answer is approve or deny. */
async function decisionFromTerminal(question: string, who: string, ask: (q: string) => Promise<string>): Promise<Signal> {
  for (;;) {
    const answer = (await ask(`${question}\nApprove or deny? [approve/deny] `)).trim().toLowerCase()
    const decision = APPROVE.includes(answer) ? 'approve' : DENY.includes(answer) ? 'deny' : undefined
    if (decision) return { id: 'terminal', author: who, isBot: false, body: decision, createdAt: new Date().toISOString() }
  }
}

/** Why the one decision of cli mode does not approve, in one sentence naming who signed it. */
function whyNotApproved(source: string, signal: Signal, tally: Tally, policy: Policy): string {
  const ignored = tally.ignored.get(signal.id)
  if (!ignored) {
    const approvers = tally.outcome().approvers
    return `Not approved: ${source} holds ${approvers.length} of the ${policy.minimumApprovals} approval(s) needed (${approvers.map((v) => v.who).join(', ') || 'none'}).`
  }
  const why: Record<string, string> = {
    'not an authorized approver': `who is not one of the approvers (${[...policy.approvers].join(', ')})`,
    'the initiator of the run': 'who started this run and so cannot approve it (exclude-initiator is true)',
    'made before the request': `dated ${signal.createdAt}, before this run started`,
  }
  return `Not approved: ${source} is signed by ${signal.author}, ${why[ignored.reason] ?? ignored.reason}.`
}

export interface CliDecision {
  status: 'approved' | 'denied' | 'not-approved'
  tally: Tally
  requestUrl: string
  /** Why the decision given does not approve (status not-approved). */
  note?: string
}

/** cli mode cannot wait for a later answer: the one decision given either counts or the approval is not given. */
export async function decideInCli(o: { file?: string; question: string; cwd: string; ask?: (q: string) => Promise<string>; who?: string }, policy: Policy, startedMs: number): Promise<CliDecision> {
  const tally = new Tally(policy, startedMs - 1)
  let signal: Signal
  if (o.file) signal = await decisionFromFile(o.file, o.cwd)
  else if (o.ask) signal = await decisionFromTerminal(o.question, o.who ?? 'terminal', o.ask)
  else throw new ConfigurationError("cli mode needs 'decision-file' when not run in a terminal.")
  tally.add(signal, true)
  const requestUrl = o.file ?? 'terminal'
  const { status } = tally.outcome()
  if (status !== 'pending') return { status, tally, requestUrl }
  return { status: 'not-approved', tally, requestUrl, note: whyNotApproved(o.file ? `the decision file '${o.file}'` : 'the answer on the terminal', signal, tally, policy) }
}
