import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { statementFor } from './evidence/statement.ts'
import { readStatements, auditSummary } from './evidence/bundle.ts'
import { sha256Text, writeFileAtomic } from './fs.ts'
import type { TaskInputs } from './inputs.ts'
import type { Platform, StatusCheck } from './platform.ts'
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

/** Statuses, the sticky PR comment and the evidence statement of one task run. Never fails the step. */
export async function publishResult(report: Report, inputs: TaskInputs, platform: Platform): Promise<void> {
  const ctx = platform.context
  const inPr = ctx.pullRequest !== undefined
  const json = renderJson(report)
  await writeEvidence(report, sha256Text(json), inputs, platform)
  const reportsDir = join(ctx.workspace, 'reports')
  await writeFileAtomic(join(reportsDir, `${report.task}.json`), JSON.stringify(report))
  if (wanted(inputs, 'status', inPr)) {
    const description = `${report.verdict === 'warn' ? 'warning: ' : ''}${report.headline}`
    await platform.publishStatus({ context: `mlgate/${report.task}`, state: STATE[report.verdict], description, targetUrl: ctx.runUrl, annotations: report.annotations, summary: renderMarkdown(report, { maxBytes: LIMITS.checkRunChars }) })
  }
  if (wanted(inputs, 'comment', inPr)) {
    const reports = await readReports(reportsDir)
    await platform.upsertComment(`${ctx.workflow ?? 'mlgate'}/${ctx.runId ?? 'local'}/${ctx.job ?? 'job'}`, stickyComment(reports, ctx.runUrl))
  }
  const artifact = inputs.optional('evidence-artifact')
  if (artifact) await uploadEvidence(artifact, inputs, platform)
}

async function writeEvidence(report: Report, reportSha: string, inputs: TaskInputs, platform: Platform): Promise<void> {
  const dir = resolve(inputs.string('evidence-dir') || '.mlgate/evidence')
  await writeFileAtomic(join(dir, `${report.task}.intoto.json`), JSON.stringify(statementFor(report, reportSha, platform.context), null, 2) + '\n')
}

async function uploadEvidence(name: string, inputs: TaskInputs, platform: Platform): Promise<void> {
  const dir = resolve(inputs.string('evidence-dir') || '.mlgate/evidence')
  const statements = await readStatements(dir)
  const bundle = join(dir, 'evidence-bundle.jsonl')
  const summary = join(dir, 'evidence-bundle.md')
  await writeFileAtomic(bundle, statements.map((s) => JSON.stringify(s)).join('\n') + '\n')
  await writeFileAtomic(summary, auditSummary(statements))
  try {
    await platform.uploadArtifact(name, [bundle, summary], dir)
  } catch (e) {
    platform.log.warn(`The evidence artifact '${name}' was not uploaded: ${(e as Error).message}`)
  }
}

async function readReports(dir: string): Promise<Report[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort()
  const reports: Report[] = []
  for (const n of names) reports.push(JSON.parse(await readFile(join(dir, n), 'utf8')) as Report)
  const order = ['validate-data', 'detect-drift', 'gate-model', 'check-reproducibility', 'require-approval']
  return reports.sort((a, b) => order.indexOf(a.task) - order.indexOf(b.task))
}

/** One comment for every mlgate task of the job: headline, a row per task, details folded, within 65 536 characters. */
export function stickyComment(reports: Report[], runUrl?: string): string {
  const verdict = worstVerdict(reports.map((r) => r.verdict))
  const head = `## ${VERDICT_ICON[verdict]} mlgate: ${verdict.toUpperCase()}\n\n${table(['', 'Task', 'Decision'], reports.map((r) => [VERDICT_ICON[r.verdict], r.title, r.headline]))}\n`
  const details = reports.map((r) => folded(`${VERDICT_ICON[r.verdict]} ${r.title} details`, renderMarkdown({ ...r, inputs: [] }, { maxBytes: 60_000 })))
  const tail = runUrl ? `\n\n<sub>[Run details](${runUrl})</sub>` : ''
  return truncateChars(`${head}\n${details.join('\n\n')}${tail}`, LIMITS.commentChars - 100, 'characters of details')
}
