import { statSync } from 'node:fs'
import { PARALLEL_MIN_BYTES, startEarlyThreads } from '@mlgate/core/early-threads'

/** The options naming the files a task may read on worker threads. */
const DATA_OPTIONS: Record<string, string[]> = { 'detect-drift': ['reference', 'current'], 'validate-data': ['data'], profile: ['data'], monitor: ['reference', 'current'] }

/**
 * Runs before the CLI's code loads (a bundle of its own): when the command names uncompressed
 * CSV/TSV files large enough for the parallel readers, their worker threads start booting now. A
 * guess from the command line only (globs and lists are left to the readers): a wrong one costs a
 * thread that is never used.
 */
export function startThreadsForLargeInputs(argv: string[]): void {
  const [command, ...rest] = argv
  const options = DATA_OPTIONS[command]
  if (!options || rest.includes('--help') || rest.includes('-h')) return
  let bytes = 0
  for (let i = 0; i < rest.length; i++) {
    const eq = rest[i].indexOf('=')
    const name = rest[i].startsWith('--') ? rest[i].slice(2, eq > 0 ? eq : undefined) : ''
    if (!options.includes(name)) continue
    const path = eq > 0 ? rest[i].slice(eq + 1) : rest[i + 1]
    if (!path || !/\.(csv|tsv)$/i.test(path)) return
    try {
      bytes += statSync(path).size
    } catch {
      return
    }
  }
  if (bytes >= PARALLEL_MIN_BYTES) startEarlyThreads()
}
