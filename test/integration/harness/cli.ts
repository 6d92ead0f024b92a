import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCollect } from './github.ts'
import { ROOT } from './node.ts'

/** Runs the committed CLI bundle in a child process. */
export function runCli(args: string[], opts: { node?: string; cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MLGATE_WORKSPACE: mkdtempSync(join(tmpdir(), 'mlgate-cli-')), ...opts.env }
  return spawnCollect(opts.node ?? process.execPath, [join(ROOT, 'packages/cli/dist/mlgate.js'), ...args], { cwd: opts.cwd ?? ROOT, env, input: opts.input })
}
