import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exitCodeFor, runTask } from '../../packages/core/src/index.ts'
import { validateData } from '../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../helpers/memory-platform.ts'

export interface ReportError {
  type: string
  rowNumber: number | null
  fieldName: string | null
  cell: string | null
  message: string
}

/** Writes the files into a fresh directory and runs validate-data there, as the CLI does. */
export async function validate(files: Record<string, string>, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-ts-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(validateData, p, dir)
  const failures = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { valid: boolean; errors: ReportError[] }) : undefined
  return { code: exitCodeFor(outcome), failures, report }
}

/** Each error as type@row:field. */
export const kinds = (errors: ReportError[] = []) => errors.map((e) => `${e.type}@${e.rowNumber ?? '-'}:${e.fieldName ?? ''}`)
