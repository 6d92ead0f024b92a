import type { RunContext, Verdict } from '../platform.ts'
import type { Report } from '../report/model.ts'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** mlgate's predicate: the verdict of one task on the artifacts named in `subject` (schemas/evidence-predicate.schema.json). */
export const PREDICATE_TYPE = 'https://mlgate.dev/evidence/v1'

/** The fields every task's predicate carries, whatever the task. */
export interface EvidencePredicate {
  task: string
  verdict: Verdict
  /** The run's one-line decision (the report's headline). */
  decision: string
  policy: Record<string, unknown>
  report: { sha256: string }
  tool: { name: 'mlgate'; version: string }
  run: { url: string | null; repository: string | null; sha: string | null; ref: string | null; actor: string | null; pullRequest: number | null }
  checks: { id: string; status: string }[]
  timings: Report['timings']
  /** The drift event the run answers (monitor: the event it opened or acted on; retrain runs: input event-id / MLGATE_EVENT). */
  event?: { id: string; [field: string]: unknown }
  /** Task-specific evidence (require-approval: the decision record). */
  [detail: string]: unknown
}

export interface Statement {
  _type: typeof STATEMENT_TYPE
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: EvidencePredicate
}

/** The report's drift event (report.body.event with a string id), or undefined. */
function eventOf(report: Report): EvidencePredicate['event'] {
  const e = report.body.event as { id?: unknown } | undefined
  return e && typeof e === 'object' && typeof e.id === 'string' ? (e as { id: string }) : undefined
}

/** An in-toto Statement v1 for a task's report: subject = digests of what it judged; `details` add task-specific fields. */
export function statementFor(report: Report, reportSha256: string, ctx: RunContext, details: Record<string, unknown> = {}): Statement {
  const event = eventOf(report)
  const seen = new Set<string>()
  const subject = report.inputs.filter((f) => !seen.has(f.sha256 + f.path) && seen.add(f.sha256 + f.path)).map((f) => ({ name: f.path, digest: { sha256: f.sha256 } }))
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE,
    predicate: {
      ...details,
      ...(event ? { event } : {}),
      task: report.task,
      verdict: report.verdict,
      decision: report.headline,
      policy: report.policy,
      checks: report.checks.map((c) => ({ id: c.id, status: c.status })),
      report: { sha256: reportSha256 },
      tool: report.tool,
      run: { url: ctx.runUrl ?? null, repository: ctx.repository ?? null, sha: ctx.sha ?? null, ref: ctx.ref ?? null, actor: ctx.actor ?? null, pullRequest: ctx.pullRequest ?? null },
      timings: report.timings,
    },
  }
}
