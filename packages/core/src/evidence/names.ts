import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The name for the next record of a task in a directory of one job: `<task><ext>` for the first run,
 * `<task>.2<ext>`, `<task>.3<ext>`, … after it, so a second run of a task never replaces the first one's record.
 * Steps of a job run one after another, so the first free name is the run's own.
 */
export async function nextRecordName(dir: string, task: string, ext: string): Promise<string> {
  const taken = new Set(await readdir(dir).catch(() => [] as string[]))
  let n = 1
  while (taken.has(recordName(task, n, ext))) n++
  return join(dir, recordName(task, n, ext))
}

function recordName(task: string, n: number, ext: string): string {
  return n === 1 ? `${task}${ext}` : `${task}.${n}${ext}`
}
