import type { DataSource } from '../io/sources.ts'
import { thousands } from '../report/markdown.ts'

/** The files a task named, resolved: what every reader of the dataset starts from. */
export interface DatasetFiles {
  readonly sources: DataSource[]
  readonly cwd: string
  /** How the task calls the data in its sentences ('data', 'reference', 'current'). */
  readonly role: string
  /** Field delimiter of CSV files (default: comma, tab for TSV). */
  readonly delimiter?: string
  /** The files' bytes in all. */
  readonly bytes: number
}

/** "'a.csv' (12.3 MB)", "3 files (146 MB)" */
export function amountOf(sources: DataSource[]): string {
  const bytes = sources.reduce((a, s) => a + s.bytes, 0)
  const size = bytes < 1e6 ? `${thousands(bytes)} bytes` : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`
  return `${sources.length === 1 ? `'${sources[0].path}'` : `${sources.length} files`} (${size})`
}
