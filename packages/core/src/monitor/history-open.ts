import { join } from 'node:path'
import type { Platform } from '../platform.ts'
import { absolutePath } from '../io/sources.ts'
import { parseStoreSpec } from './history.ts'
import type { HistoryStore } from './history.ts'
import { artifactStore } from './history-artifact.ts'
import { directoryStore } from './history-dir.ts'
import { gitBranchStore } from './history-git.ts'
import { git } from './git.ts'

/** The store the `history` input names (see history.ts for the grammar). */
export async function openStore(text: string, o: { cwd: string; platform: Platform; init: boolean }): Promise<HistoryStore> {
  const spec = parseStoreSpec(text)
  if (spec.kind === 'dir') return directoryStore(absolutePath(spec.path, o.cwd), spec.path, o.init)
  if (spec.kind === 'artifact') return artifactStore(spec.name, o.platform, join(absolutePath(o.platform.context.workspace, o.cwd), 'monitor-history', spec.name), o.init)
  // without a remote named, the history goes to origin when the repository has one
  const remote = spec.remote ?? ((await git(['remote', 'get-url', 'origin'], { cwd: o.cwd, env: o.platform.env })).code === 0 ? 'origin' : undefined)
  return gitBranchStore({ cwd: o.cwd, env: o.platform.env, branch: spec.branch, remote }, o.init)
}
