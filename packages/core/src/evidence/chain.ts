import { table } from '../report/markdown.ts'
import type { Statement } from './statement.ts'

/** What each task's statement stands for in a drift event's chain (the monitor's: by its decision). */
const STEP: Record<string, string> = { 'gate-model': 'gate', 'require-approval': 'approval' }
const MONITOR_STEP: Record<string, string> = { retrain: 'drift', escalate: 'escalate', keep: 'recovered' }

interface Link {
  step: string
  task: string
  verdict: string
  decision: string
  run: string
  at: string
}

function linkOf(s: Statement): Link {
  const p = s.predicate
  const said = p.task === 'monitor' && typeof p.event?.decision === 'string' ? p.event.decision : undefined
  const decision = said ? `${said}: ${p.decision}` : p.decision
  const step = p.task === 'monitor' ? (MONITOR_STEP[said ?? ''] ?? 'drift') : (STEP[p.task] ?? p.task)
  return { step, task: p.task, verdict: p.verdict, decision, run: p.run?.url ?? '', at: p.timings?.startedAt ?? '' }
}

/** Statements that name a drift event, by event id, each list in the order the runs started. */
export function eventChains(statements: Statement[]): Map<string, Statement[]> {
  const chains = new Map<string, Statement[]>()
  for (const s of statements) {
    const id = s.predicate.event?.id
    if (typeof id === 'string') chains.set(id, [...(chains.get(id) ?? []), s])
  }
  return chains
}

/** Whether the chain ends in a deployable model: the latest gate of the event's retrain passed and the latest approval after it approved. */
function deployLine(chain: Statement[]): string {
  const gate = chain.findLast((s) => s.predicate.task === 'gate-model')
  if (!gate) return chain.some((s) => s.predicate.task !== 'monitor') ? 'Not cleared: no gate-model ran for this event.' : 'Not cleared: no retrain run has evidence for this event yet.'
  if (gate.predicate.verdict !== 'pass') return `Not cleared: the retrained model's gate says ${gate.predicate.verdict} (${gate.predicate.decision}).`
  const approval = chain.slice(chain.indexOf(gate)).findLast((s) => s.predicate.task === 'require-approval')
  const outcome = (approval?.predicate.approval as { outcome?: string; approvals?: { who?: string }[] } | undefined) ?? undefined
  if (!approval || outcome?.outcome !== 'approved')
    return `Not cleared: the gate passed but ${approval ? `the approval is ${outcome?.outcome ?? approval.predicate.verdict}` : 'no approval followed it'}.`
  const who = (outcome.approvals ?? []).map((a) => a.who).filter(Boolean)
  return `Cleared for deploy: the gate passed and ${who.length ? who.join(', ') : 'the approvers'} approved${approval.predicate.run?.url ? ` in ${approval.predicate.run.url}` : ''}.`
}

/** The audit summary's section per drift event: drift → retrain → gate → approval → deploy, one row per statement (the monitor's: drift, escalate, recovered). */
export function chainSections(statements: Statement[]): string {
  const chains = eventChains(statements)
  if (chains.size === 0) return ''
  const parts = [...chains].map(([id, chain]) => {
    const links = chain.map(linkOf)
    const retrains = [...new Set(links.filter((l) => l.task !== 'monitor' && l.run).map((l) => l.run))]
    const rows = links.map((l) => [l.step, l.task, l.verdict, l.decision, l.run, l.at])
    const retrain = retrains.length ? `Retrain run(s): ${retrains.join(', ')}.` : 'Retrain run(s): none with evidence yet.'
    return `### Drift event \`${id}\`\n\n${table(['Step', 'Task', 'Verdict', 'Decision', 'Run', 'Started'], rows)}\n\n${retrain}\n\n**Deploy:** ${deployLine(chain)}\n`
  })
  return `\n## Drift events: drift → retrain → gate → approval → deploy\n\n${parts.join('\n')}`
}
