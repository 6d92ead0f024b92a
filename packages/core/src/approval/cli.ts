import { createInterface } from 'node:readline/promises'
import { ConfigurationError } from '../errors.ts'
import { readUserText } from '../gate/read-text.ts'
import type { Policy, Signal } from './decide.ts'
import { Tally } from './decide.ts'

/** A decision file for pipelines on other CI systems: {"decision": "approve"|"deny", "by": "...", "comment": "..."}. */
export async function decisionFromFile(path: string, cwd: string): Promise<Signal> {
  const text = await readUserText(path, cwd, 'decision file')
  let doc: { decision?: string; by?: string; comment?: string; at?: string }
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new ConfigurationError(`The decision file '${path}' is not valid JSON: ${(e as Error).message}.`)
  }
  if (doc.decision !== 'approve' && doc.decision !== 'deny') throw new ConfigurationError(`The decision file '${path}' must have "decision": "approve" or "deny".`)
  if (!doc.by) throw new ConfigurationError(`The decision file '${path}' must say who decided ("by").`)
  return { id: `file:${path}`, author: doc.by, isBot: false, body: `${doc.decision}${doc.comment ? `\n${doc.comment}` : ''}`, createdAt: doc.at ?? new Date().toISOString() }
}

/** Asks on the terminal. */
export async function decisionFromTerminal(question: string, who: string): Promise<Signal> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    for (;;) {
      const answer = (await rl.question(`${question}\nApprove or deny? [approve/deny] `)).trim().toLowerCase()
      if (['approve', 'approved', 'yes', 'y', 'lgtm'].includes(answer)) return { id: 'terminal', author: who, isBot: false, body: 'approve', createdAt: new Date().toISOString() }
      if (['deny', 'denied', 'no', 'n', 'reject'].includes(answer)) return { id: 'terminal', author: who, isBot: false, body: 'deny', createdAt: new Date().toISOString() }
    }
  } finally {
    rl.close()
  }
}

/** Why the one decision of cli mode does not approve, in one sentence naming who signed it. */
export function whyNotApproved(source: string, signal: Signal, tally: Tally, policy: Policy): string {
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
export async function decideInCli(o: { file?: string; question: string; cwd: string }, policy: Policy, startedMs: number): Promise<CliDecision> {
  const tally = new Tally(policy, startedMs - 1)
  let signal: Signal
  if (o.file) signal = await decisionFromFile(o.file, o.cwd)
  else if (process.stdin.isTTY) signal = await decisionFromTerminal(o.question, process.env.USER ?? 'terminal')
  else throw new ConfigurationError("cli mode needs 'decision-file' when not run in a terminal.")
  tally.add(signal, true)
  const requestUrl = o.file ?? 'terminal'
  const { status } = tally.outcome()
  if (status !== 'pending') return { status, tally, requestUrl }
  return { status: 'not-approved', tally, requestUrl, note: whyNotApproved(o.file ? `the decision file '${o.file}'` : 'the answer on the terminal', signal, tally, policy) }
}
