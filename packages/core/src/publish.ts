import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Statement } from './evidence/statement.ts'
import { statementFor } from './evidence/statement.ts'
import { readStatements, auditSummary, byStartTime } from './evidence/bundle.ts'
import { nextRecordName } from './evidence/names.ts'
import { sha256File, sha256Text, writeFileAtomic } from './fs.ts'
import type { TaskInputs } from './inputs.ts'
import type { Platform, RunContext, StatusCheck } from './platform.ts'
import { renderJson } from './report/json.ts'
import { LIMITS, truncateChars } from './report/limits.ts'
import { renderMarkdown, table, folded } from './report/markdown.ts'
import type { Report } from './report/model.ts'
import { VERDICT_ICON, worstVerdict } from './report/model.ts'

const STATE: Record<Report['verdict'], StatusCheck['state']> = { pass: 'success', warn: 'success', fail: 'failure' }

function wanted(inputs: TaskInputs, name: 'status' | 'comment', inPullRequest: boolean): boolean {
  const v = inputs.choice(name, ['auto', 'true', 'false'])
  return v === 'true' || (v === 'auto' && inPullRequest)
}

/** The sticky comment's key: one comment per repository, pull request and workflow (Azure: pipeline), updated by every run. */
export function commentKey(ctx: RunContext): string {
  // the key sits in an HTML comment: no '--' may end it early
  return `${ctx.repository ?? 'repo'}#${ctx.pullRequest ?? 0}/${ctx.workflow ?? 'mlgate'}`.replace(/-{2,}/g, '-')
}

/** A path input made absolute: against `cwd`, the task's directory, or the process's when there is none. */
function inTaskDir(cwd: string | undefined): (p: string) => string {
  return (p) => (cwd ? resolve(cwd, p) : resolve(p))
}

/** Where each run's report is kept for the sticky comment. */
const reportsDir = (platform: Platform) => join(platform.context.workspace, 'reports')

/**
 * The records of one task run that must exist before its outcome counts: the in-toto statement and
 * the run report the sticky comment reads. Paths resolve against `cwd`, the task's. A failure here is
 * the run's failure (a verdict without its evidence is not one an auditor can use).
 */
export async function recordEvidence(report: Report, inputs: TaskInputs, platform: Platform, cwd?: string, signal?: AbortSignal): Promise<void> {
  await writeEvidence(report, sha256Text(renderJson(report)), inputs, platform, inTaskDir(cwd), signal)
  await writeFileAtomic(await nextRecordName(reportsDir(platform), report.task, '.json'), JSON.stringify(report), { role: 'run report', signal })
}

/** Statuses, the sticky PR comment and the evidence artifact of one task run: a failure is a warning, never the step's. */
export async function publishResult(report: Report, inputs: TaskInputs, platform: Platform, cwd?: string, signal?: AbortSignal): Promise<void> {
  const ctx = platform.context
  const inPr = ctx.pullRequest !== undefined
  if (wanted(inputs, 'status', inPr)) {
    const description = `${report.verdict === 'warn' ? 'warning: ' : ''}${report.headline}`
    await platform.publishStatus({
      context: `mlgate/${report.task}`,
      state: STATE[report.verdict],
      description,
      targetUrl: ctx.runUrl,
      annotations: report.annotations,
      summary: renderMarkdown(report, { maxBytes: LIMITS.checkRunChars }),
    })
  }
  if (wanted(inputs, 'comment', inPr)) {
    const reports = await readReports(reportsDir(platform))
    await platform.upsertComment(commentKey(ctx), stickyComment(reports, ctx.runUrl))
  }
  const artifact = inputs.optional('evidence-artifact')
  if (artifact) await uploadEvidence(artifact, inTaskDir(cwd)(evidenceDir(inputs)), platform, signal)
}

const evidenceDir = (inputs: TaskInputs) => inputs.string('evidence-dir') || '.mlgate/evidence'

/** One statement per run in the evidence directory; require-approval's also next to its decision record. */
async function writeEvidence(report: Report, reportSha: string, inputs: TaskInputs, platform: Platform, where: (p: string) => string, signal?: AbortSignal): Promise<void> {
  const dir = where(evidenceDir(inputs))
  const decisionPath = report.task === 'require-approval' ? where(inputs.string('decision-path') || '.mlgate/approval/decision.json') : undefined
  const details = decisionPath ? await approvalDetails(report, decisionPath) : {}
  const text = JSON.stringify(statementFor(report, reportSha, platform.context, details), null, 2) + '\n'
  await writeFileAtomic(await nextRecordName(dir, report.task, '.intoto.json'), text, { role: 'evidence statement', signal })
  if (decisionPath) await writeFileAtomic(decisionPath.replace(/\.json$/, '') + '.intoto.json', text, { role: 'evidence statement', signal })
}

/** The decision record as the approval's evidence, bound to the record file by its sha256. */
async function approvalDetails(report: Report, decisionPath: string): Promise<Record<string, unknown>> {
  const record = (report.body.decision ?? {}) as Record<string, unknown>
  const { sha256 } = await sha256File(decisionPath, 'decision record')
  return { approval: { ...record, subject: undefined, policy: undefined, run: undefined, decisionSha256: sha256 } }
}

async function uploadEvidence(name: string, dir: string, platform: Platform, signal?: AbortSignal): Promise<void> {
  const statements: Statement[] = await readStatements(dir)
  const bundle = join(dir, 'evidence-bundle.jsonl')
  const summary = join(dir, 'evidence-bundle.md')
  await writeFileAtomic(bundle, statements.map((s) => JSON.stringify(s)).join('\n') + '\n', { signal })
  await writeFileAtomic(summary, auditSummary(statements), { signal })
  try {
    await platform.uploadArtifact(name, [bundle, summary], dir)
  } catch (e) {
    platform.log.warn(`The evidence artifact '${name}' was not uploaded: ${(e as Error).message}`)
  }
}

const TASK_ORDER = ['validate-data', 'detect-drift', 'gate-model', 'check-reproducibility', 'require-approval']

/** Every run report of the job: by task, and runs of one task in the order they started. */
async function readReports(dir: string): Promise<Report[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort()
  const reports: Report[] = []
  for (const n of names) reports.push(JSON.parse(await readFile(join(dir, n), 'utf8')) as Report)
  return reports.sort((a, b) => TASK_ORDER.indexOf(a.task) - TASK_ORDER.indexOf(b.task) || byStartTime(a.timings?.startedAt, b.timings?.startedAt))
}

/** One comment for every mlgate task of the job: headline, a row per task, details folded, within 65 536 characters. */
export function stickyComment(reports: Report[], runUrl?: string): string {
  const verdict = worstVerdict(reports.map((r) => r.verdict))
  const head = `## ${VERDICT_ICON[verdict]} mlgate: ${verdict.toUpperCase()}\n\n${table(
    ['', 'Task', 'Decision'],
    reports.map((r) => [VERDICT_ICON[r.verdict], r.title, r.headline]),
  )}\n`
  const details = reports.map((r) => folded(`${VERDICT_ICON[r.verdict]} ${r.title} details`, renderMarkdown({ ...r, inputs: [] }, { maxBytes: 60_000 })))
  const tail = runUrl ? `\n\n<sub>[Run details](${runUrl})</sub>` : ''
  return truncateChars(`${head}\n${details.join('\n\n')}${tail}`, LIMITS.commentChars - 100, 'characters of details')
}
