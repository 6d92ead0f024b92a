import type { ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { camelCase, pascalCase } from '../../packages/core/src/task.ts'
import { runAzureTask } from '../integration/harness/azure.ts'
import { runCli } from '../integration/harness/cli.ts'
import { runGithubAction } from '../integration/harness/github.ts'
import { cacheTempDir } from '../integration/harness/node.ts'

export const INJECT = join(import.meta.dirname, 'inject.cjs')
export type Where = 'github' | 'azure' | 'cli'
export const EVERYWHERE: Where[] = ['github', 'azure', 'cli']

export interface Ended {
  exitCode: number
  /** The sentences the platform shows as errors. */
  errors: string[]
  /** GitHub: none; Azure: task.complete's result; CLI: none. */
  azureResult?: string
  log: string
}

/** A workspace with the given files (path → text). */
export function workspace(files: Record<string, string>): string {
  const ws = cacheTempDir('mlgate-fault-')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(ws, path, '..'), { recursive: true })
    writeFileSync(join(ws, path), text)
  }
  return ws
}

/** Every file below a directory, relative, sorted (to show nothing partial was left). */
export function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesBelow(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort()
}

/** Runs a task as a child process on one platform with a fault injected into its process. */
export async function runWithFault(
  where: Where,
  task: string,
  inputs: Record<string, string>,
  o: { ws: string; node?: string; fault?: string; faultPath?: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void },
): Promise<Ended> {
  const env: Record<string, string> = o.fault ? { NODE_OPTIONS: `--require ${INJECT}`, MLGATE_FAULT: o.fault, MLGATE_FAULT_PATH: o.faultPath ?? '^$', ...o.env } : { ...o.env }
  if (where === 'github') {
    const r = await runGithubAction(task, inputs, { node: o.node, cwd: o.ws, env, onSpawn: o.onSpawn })
    return { exitCode: r.exitCode, errors: r.commands.filter((c) => c.command === 'error').map((c) => c.message), log: r.stdout + r.stderr }
  }
  if (where === 'azure') {
    const camel = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [camelCase(k), v]))
    const r = await runAzureTask(`${pascalCase(task)}V1`, camel, { node: o.node, cwd: o.ws, env, onSpawn: o.onSpawn })
    return { exitCode: r.exitCode, errors: r.issues.filter((i) => i.properties.type === 'error').map((i) => i.data), azureResult: r.result, log: r.stdout + r.stderr }
  }
  const args = [task, ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])]
  const r = await runCli(args, { node: o.node, cwd: o.ws, env, onSpawn: o.onSpawn })
  return {
    exitCode: r.exitCode,
    errors: r.stderr
      .split('\n')
      .filter((l) => l.startsWith('error: '))
      .map((l) => l.slice(7)),
    log: r.stdout + r.stderr,
  }
}
