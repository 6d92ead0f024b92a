import type { ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCollect } from './github.ts'
import { ROOT } from './node.ts'

/** Runs the committed CLI bundle in a child process. */
export function runCli(args: string[], opts: { node?: string; cwd?: string; env?: Record<string, string>; input?: string; onSpawn?: (child: ChildProcess) => void } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MLGATE_WORKSPACE: mkdtempSync(join(tmpdir(), 'mlgate-cli-')), ...opts.env }
  return spawnCollect(opts.node ?? process.execPath, [join(ROOT, 'packages/cli/dist/mlgate.js'), ...args], { cwd: opts.cwd ?? ROOT, env, input: opts.input, onSpawn: opts.onSpawn })
}

/**
 * The `name=value` lines the CLI prints at the end of stdout, for the given output names (a value
 * with a line break is printed JSON-quoted).
 */
export function parseCliOutputs(stdout: string, names: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = stdout.trimEnd().split('\n')
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^([a-z][a-z0-9-]*)=(.*)$/.exec(lines[i])
    if (!m || !names.includes(m[1]) || m[1] in out) break
    out[m[1]] = m[2].startsWith('"') ? decodeQuoted(m[2]) : m[2]
  }
  return out
}

function decodeQuoted(text: string): string {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'string' && v.includes('\n') ? v : text
  } catch {
    return text
  }
}
