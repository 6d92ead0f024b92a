import type { RunContext } from '../platform.ts'
import type { Report } from '../report/model.ts'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** mlgate's predicate: the verdict of one task on the artifacts named in `subject`. */
export const PREDICATE_TYPE = 'https://mlgate.dev/evidence/v1'

export interface Statement {
  _type: typeof STATEMENT_TYPE
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: Record<string, unknown>
}

/** An in-toto Statement v1 for a task's report: subject = digests of what it judged. */
export function statementFor(report: Report, reportSha256: string, ctx: RunContext): Statement {
  const seen = new Set<string>()
  const subject = report.inputs
    .filter((f) => !seen.has(f.sha256 + f.path) && seen.add(f.sha256 + f.path))
    .map((f) => ({ name: f.path, digest: { sha256: f.sha256 } }))
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE,
    predicate: {
      task: report.task,
      verdict: report.verdict,
      headline: report.headline,
      policy: report.policy,
      checks: report.checks.map((c) => ({ id: c.id, status: c.status })),
      report: { sha256: reportSha256 },
      tool: report.tool,
      run: { url: ctx.runUrl ?? null, repository: ctx.repository ?? null, sha: ctx.sha ?? null, ref: ctx.ref ?? null, actor: ctx.actor ?? null, pullRequest: ctx.pullRequest ?? null },
      timings: report.timings,
    },
  }
}
