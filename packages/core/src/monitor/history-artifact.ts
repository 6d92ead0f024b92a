import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import type { Platform } from '../platform.ts'
import { writeFileAtomic } from '../fs.ts'
import { recordsFromFiles, requireRecords } from './history.ts'
import type { HistoryStore } from './history.ts'
import { writeRecord } from './history-dir.ts'
import { MANIFEST_NAME } from './record.ts'

/**
 * The artifact of the newest earlier run of the same workflow or pipeline (Platform.earlierRuns): read from it, and
 * uploaded again under the same name with this window added, so the next run finds every window in one artifact.
 * The files are written to `dir` (in the workspace) before the upload, so a failed upload leaves the record on disk.
 */
export function artifactStore(name: string, platform: Platform, dir: string, init: boolean): HistoryStore {
  const label = `monitor history artifact '${name}'`
  let earlier = new Map<string, string>()
  return {
    label,
    async read() {
      if (!platform.earlierRuns)
        throw new ConfigurationError(
          `Input 'history': artifact:${name} reads the artifacts of earlier runs, which this runner does not reach (GitHub Actions and Azure Pipelines builds do); use dir:<path> or branch:<name>.`,
        )
      const found = await platform.earlierRuns.artifact(name).then(
        (a) => a,
        (e: unknown) => {
          if (init && e instanceof ConfigurationError && /has an artifact named|no earlier run|not found/i.test(e.message)) return undefined
          throw e instanceof ConfigurationError ? new ConfigurationError(`The ${label} could not be read: ${e.message}`) : e
        },
      )
      earlier = new Map([...(found?.files ?? new Map<string, Buffer>())].map(([k, v]) => [k.replace(/^\.?\/+/, ''), v.toString('utf8')]))
      const records = found ? recordsFromFiles(earlier, `${label} (run ${found.runId})`) : undefined
      if (found && !records) throw new ConfigurationError(`The ${label} of run ${found.runId} holds no file; it is not a monitor history.`)
      return requireRecords(records, label, init)
    },
    async append(record) {
      await rm(dir, { recursive: true, force: true })
      for (const [file, text] of earlier) await writeFileAtomic(join(dir, file), text, { role: `copy of the ${label}` })
      const path = await writeRecord(dir, record, !earlier.has(MANIFEST_NAME), label)
      const files = [...new Set([MANIFEST_NAME, ...earlier.keys(), path.slice(dir.length + 1)])].map((f) => join(dir, f))
      await platform.uploadArtifact(name, files, dir)
      return { location: `${name}/${path.slice(dir.length + 1)}` }
    },
  }
}
