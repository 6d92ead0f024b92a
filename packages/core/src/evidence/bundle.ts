import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError, fileError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { table } from '../report/markdown.ts'
import { chainSections } from './chain.ts'
import type { Statement } from './statement.ts'
import { STATEMENT_TYPE } from './statement.ts'

function parseStatement(text: string, where: string): Statement {
  let s: Statement
  try {
    s = JSON.parse(text) as Statement
  } catch (e) {
    throw new ConfigurationError(`The evidence statement '${where}' is not valid JSON (${(e as Error).message}); remove it or run the task that wrote it again.`)
  }
  if (s?._type !== STATEMENT_TYPE || !Array.isArray(s.subject) || typeof s.predicate !== 'object' || s.predicate === null)
    throw new ConfigurationError(`The evidence statement '${where}' is not an in-toto Statement v1.`)
  return s
}

/** The statements of one file: a *.intoto.json statement, or a *.jsonl bundle (an evidence artifact) of one per line. */
async function readStatementFile(path: string): Promise<Statement[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    fileError(e, path, 'evidence statement')
  }
  if (!path.endsWith('.jsonl')) return [parseStatement(text, path)]
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => parseStatement(line, `${path}, line ${i + 1}`))
}

/** Statement files of a directory and of the directories in it (downloaded artifacts, one directory each), by name. */
async function statementFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const out: string[] = []
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory() && depth > 0) out.push(...(await statementFiles(join(dir, e.name), depth - 1)))
    else if (e.isFile() && (e.name.endsWith('.intoto.json') || e.name.endsWith('.jsonl'))) out.push(join(dir, e.name))
  }
  return out
}

/** Orders two runs by their start times (ISO, so they sort as text); a run without one comes first. */
export function byStartTime(a: string | undefined, b: string | undefined): number {
  const x = String(a ?? '')
  const y = String(b ?? '')
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Reads every statement of an evidence directory — *.intoto.json files and *.jsonl bundles, also in the directories
 * in it (the evidence artifacts of the monitor's and the retrain's runs side by side) — each once, in the order the runs
 * started (then by name).
 */
export async function readStatements(dir: string): Promise<Statement[]> {
  let files: string[]
  try {
    files = await statementFiles(dir, 2)
  } catch {
    throw new ConfigurationError(`The evidence directory '${dir}' does not exist; run mlgate tasks first (they write there by default).`)
  }
  const seen = new Set<string>()
  const out: Statement[] = []
  // a statement is in its own file and in the bundle beside it: each counts once
  for (const f of files)
    for (const s of await readStatementFile(f)) {
      const key = JSON.stringify(s)
      if (seen.has(key)) continue
      seen.add(key)
      out.push(s)
    }
  // ISO times sort as text; the sort is stable, so equal times keep their name order
  return out.sort((a, b) => byStartTime(a.predicate.timings?.startedAt, b.predicate.timings?.startedAt))
}

export function auditSummary(statements: Statement[]): string {
  const rows = statements.map((s) => {
    const p = s.predicate as { task: string; verdict: string; decision?: string; headline?: string }
    return [p.task, p.verdict, p.decision ?? p.headline ?? '', s.subject.map((x) => `${x.name} (sha256:${x.digest.sha256.slice(0, 12)}…)`).join('<br>')]
  })
  return `# mlgate evidence\n\n${statements.length} statement(s), predicate type \`https://mlgate.dev/evidence/v1\`.\n\n${table(['Task', 'Verdict', 'Decision', 'Subjects'], rows)}\n${chainSections(statements)}`
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
