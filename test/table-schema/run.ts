import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { exitCodeFor, runTask } from '../../packages/core/src/index.ts'
import { validateData } from '../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../helpers/memory-platform.ts'

export interface ReportError {
  type: string
  file: string
  rowNumber: number | null
  fieldName: string | null
  fieldNumber: number | null
  cell: string | null
  message: string
}

export interface Report {
  valid: boolean
  errors: ReportError[]
  errorCounts: Record<string, number>
  findings: { type: string; rule: string; first: unknown[] }[]
}

/** Writes the files into a fresh directory and runs validate-data there as a user does: exit code, error lines, JSON report. */
export async function validate(files: Record<string, string>, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-ts-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(validateData, p, dir)
  const failures = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined
  return { code: exitCodeFor(outcome), failures, report, dir }
}

/** "type@row:field" for each listed error, in report order ('-' for no row); a run that wrote no report throws, never reads as no errors. */
export function kinds(errors: ReportError[] | undefined): string[] {
  if (!errors) throw new Error('validate-data wrote no report')
  return errors.map((e) => `${e.type}@${e.rowNumber ?? '-'}:${e.fieldName ?? ''}`)
}
