import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { manifestText, recordsFromFiles, recordText, requireRecords } from './history.ts'
import type { HistoryStore } from './history.ts'
import { MANIFEST_NAME, recordName } from './record.ts'
import type { WindowRecord } from './record.ts'

/** Every file of a store directory by its path inside it ('windows/000001.json'); undefined when the directory is missing. */
async function readStoreDir(dir: string, label: string): Promise<Map<string, string> | undefined> {
  const info = await stat(dir).catch(() => undefined)
  if (!info) return undefined
  if (!info.isDirectory()) throw new ConfigurationError(`The ${label} is a file, not a directory.`)
  const files = new Map<string, string>()
  const top = await readdir(dir, { withFileTypes: true })
  for (const e of top) if (e.isFile() && e.name === MANIFEST_NAME) files.set(e.name, await readFile(join(dir, e.name), 'utf8'))
  if (top.some((e) => e.isDirectory() && e.name === 'windows'))
    for (const name of (await readdir(join(dir, 'windows'))).filter((n) => n.endsWith('.json'))) files.set(`windows/${name}`, await readFile(join(dir, 'windows', name), 'utf8'))
  // other files beside a history (a README, .gitkeep) are fine; a directory with only those is an empty store
  return files
}

/** Writes (for a new store) the manifest, then the record: each file atomically, so a reader never sees half a file. */
export async function writeRecord(dir: string, record: WindowRecord, isNew: boolean, label: string): Promise<string> {
  const path = join(dir, recordName(record.seq))
  if (isNew) await writeFileAtomic(join(dir, MANIFEST_NAME), manifestText(), { role: `manifest of the ${label}` })
  await writeFileAtomic(path, recordText(record), { role: `window record of the ${label}` })
  return path
}

/** A directory in the workspace (committed to the repository or restored by a cache step). */
export function directoryStore(dir: string, shownAs: string, init: boolean): HistoryStore {
  const label = `monitor history directory '${shownAs}'`
  let isNew = false
  return {
    label,
    async read() {
      const files = await readStoreDir(dir, label)
      const records = requireRecords(files && recordsFromFiles(files, label), label, init)
      isNew = records.length === 0 && !files?.has(MANIFEST_NAME)
      return records
    },
    async append(record) {
      const path = await writeRecord(dir, record, isNew, label)
      isNew = false
      return { location: relative(dir, path) }
    },
  }
}
