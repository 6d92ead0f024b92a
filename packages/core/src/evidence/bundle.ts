import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError, fileError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { table } from '../report/markdown.ts'
import type { Statement } from './statement.ts'
import { STATEMENT_TYPE } from './statement.ts'

async function readStatement(path: string): Promise<Statement> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    fileError(e, path, 'evidence statement')
  }
  let s: Statement
  try {
    s = JSON.parse(text) as Statement
  } catch (e) {
    throw new ConfigurationError(`The evidence statement '${path}' is not valid JSON (${(e as Error).message}); remove it or run the task that wrote it again.`)
  }
  if (s?._type !== STATEMENT_TYPE || !Array.isArray(s.subject) || typeof s.predicate !== 'object' || s.predicate === null)
    throw new ConfigurationError(`The evidence statement '${path}' is not an in-toto Statement v1.`)
  return s
}

/** Orders two runs by their start times (ISO, so they sort as text); a run without one comes first. */
export function byStartTime(a: string | undefined, b: string | undefined): number {
  const x = String(a ?? '')
  const y = String(b ?? '')
  return x < y ? -1 : x > y ? 1 : 0
}

/** Reads every *.intoto.json statement of an evidence directory, in the order the runs started (then by name). */
export async function readStatements(dir: string): Promise<Statement[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.intoto.json')).sort()
  } catch {
    throw new ConfigurationError(`The evidence directory '${dir}' does not exist; run mlgate tasks first (they write there by default).`)
  }
  const out: Statement[] = []
  for (const n of names) out.push(await readStatement(join(dir, n)))
  // ISO times sort as text; the sort is stable, so equal times keep their name order
  return out.sort((a, b) => byStartTime(a.predicate.timings?.startedAt, b.predicate.timings?.startedAt))
}

export function auditSummary(statements: Statement[]): string {
  const rows = statements.map((s) => {
    const p = s.predicate as { task: string; verdict: string; decision?: string; headline?: string }
    return [p.task, p.verdict, p.decision ?? p.headline ?? '', s.subject.map((x) => `${x.name} (sha256:${x.digest.sha256.slice(0, 12)}…)`).join('<br>')]
  })
  return `# mlgate evidence\n\n${statements.length} statement(s), predicate type \`https://mlgate.dev/evidence/v1\`.\n\n${table(['Task', 'Verdict', 'Decision', 'Subjects'], rows)}\n`
}

/** `mlgate evidence bundle`: one JSON Lines file of all statements plus a markdown audit summary. */
export async function runEvidenceBundle(o: { dir: string; out: string }): Promise<{ bundlePath: string; summaryPath: string; count: number }> {
  const statements = await readStatements(o.dir)
  if (statements.length === 0) throw new ConfigurationError(`The evidence directory '${o.dir}' holds no statements.`)
  const summaryPath = o.out.replace(/\.jsonl?$/, '') + '.md'
  await writeFileAtomic(o.out, statements.map((s) => JSON.stringify(s)).join('\n') + '\n')
  await writeFileAtomic(summaryPath, auditSummary(statements))
  return { bundlePath: o.out, summaryPath, count: statements.length }
}
