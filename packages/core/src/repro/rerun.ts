import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { ConfigurationError, TroubleError } from '../errors.ts'
import type { Environment } from '../platform.ts'

export type Variation = 'env' | 'tz' | 'locale' | 'path' | 'order'
export const VARIATIONS: Variation[] = ['env', 'tz', 'locale', 'path', 'order']

/** Splits a command line into argv like a POSIX shell would for quoting, without running a shell. */
export function parseCommand(text: string): string[] {
  const argv: string[] = []
  let cur = ''
  let quote: '"' | "'" | null = null
  let started = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(text[i + 1] ?? '')) cur += text[++i]
      else cur += c
    } else if (c === '"' || c === "'") {
      quote = c
      started = true
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i]
      started = true
    } else if (/\s/.test(c)) {
      if (started) argv.push(cur)
      cur = ''
      started = false
    } else if (/[|&;<>()$`]/.test(c)) {
      throw new ConfigurationError(`Input 'command': '${c}' is shell syntax and commands run without a shell; put pipes and redirects in a script and run that script.`)
    } else {
      cur += c
      started = true
    }
  }
  if (quote) throw new ConfigurationError(`Input 'command' has an unclosed ${quote} quote.`)
  if (started) argv.push(cur)
  if (!argv.length) throw new ConfigurationError(`Input 'command' is empty.`)
  return argv
}

export interface RunRecord {
  run: number
  exitCode: number
  durationMs: number
  dir: string
  variation: Record<string, string>
}

const TZS = ['UTC', 'Pacific/Kiritimati', 'America/St_Johns']
const LOCALES = ['C.UTF-8', 'de_DE.UTF-8', 'tr_TR.UTF-8']

function environment(run: number, vary: Set<Variation>, home: string, base: Environment): Record<string, string> {
  const env: Record<string, string> = {}
  const keys = Object.keys(base).filter((k) => base[k] !== undefined)
  // the order variables are handed to the process in
  for (const k of vary.has('order') && run % 2 === 1 ? keys.reverse() : keys) env[k] = base[k]!
  if (vary.has('tz')) env.TZ = TZS[run % TZS.length]
  if (vary.has('locale')) env.LANG = env.LC_ALL = LOCALES[run % LOCALES.length]
  if (vary.has('env')) {
    env.HOME = home
    env.MLGATE_RUN = String(run + 1)
  }
  return env
}

function execute(argv: string[], cwd: string, env: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<{ code: number; stderr: string; timedOut: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], signal })
    let stderr = ''
    let timedOut = false
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000)
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') reject(new ConfigurationError(`Input 'command': '${argv[0]}' was not found on PATH.`))
      else reject(e)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stderr, timedOut, ms: Date.now() - started })
    })
  })
}

/** Runs the command `runs` times, each in a fresh copy of the workspace at its own path, with varied environment. */
export async function rerun(o: {
  command: string
  runs: number
  cwd: string
  vary: Set<Variation>
  timeoutMs: number
  signal: AbortSignal
  env: Environment
}): Promise<{ records: RunRecord[]; cleanup: () => Promise<void> }> {
  const argv = parseCommand(o.command)
  const records: RunRecord[] = []
  const dirs: string[] = []
  const cleanup = async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  }
  try {
    for (let run = 0; run < o.runs; run++) {
      const root = await mkdtemp(join(tmpdir(), `mlgate-rerun-${run + 1}-`))
      dirs.push(root)
      const dir = o.vary.has('path') ? join(root, `workspace-${run + 1}`, 'nested'.repeat(run ? 1 : 0)) : join(root, 'workspace')
      await cp(o.cwd, dir, { recursive: true, filter: (src) => !/(^|[/\\])(\.git|node_modules|\.mlgate)([/\\]|$)/.test(relative(o.cwd, src)) })
      const home = join(root, 'home')
      const env = environment(run, o.vary, home, o.env)
      const r = await execute(argv, dir, env, o.timeoutMs, o.signal)
      if (r.timedOut) throw new TroubleError(`Run ${run + 1} of '${o.command}' did not finish within ${Math.round(o.timeoutMs / 60000)} minute(s) (timeout-minutes).`)
      if (r.code !== 0)
        throw new TroubleError(
          `Run ${run + 1} of '${o.command}' failed with exit code ${r.code}; this is trouble, not irreproducibility. Last lines of its stderr:\n${r.stderr.trim().split('\n').slice(-15).join('\n')}`,
        )
      records.push({ run: run + 1, exitCode: r.code, durationMs: r.ms, dir, variation: { TZ: env.TZ ?? '', LANG: env.LANG ?? '', path: dir } })
    }
    return { records, cleanup }
  } catch (e) {
    await cleanup()
    throw e
  }
}
