import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { exitCodeFor, runTask } from '../../packages/core/src/index.ts'
import { validateData } from '../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../helpers/memory-platform.ts'

export interface ReportError {
  type: string
  rowNumber: number | null
  fieldName: string | null
  fieldNumber: number | null
  cell: string | null
  message: string
}

/** Writes the files into a fresh directory and runs validate-data there as a user does: exit code, error lines, JSON report. */
export async function runValidate(files: Record<string, string>, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-ts-semantics-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(validateData, p, dir)
  const errors = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined
  return { code: exitCodeFor(outcome), errors, report, dir }
}

/** "type@row:field" for each listed error, in report order ('-' for no row). */
export const kinds = (report: { errors: ReportError[] }) => report.errors.map((e) => `${e.type}@${e.rowNumber ?? '-'}:${e.fieldName ?? ''}`)
