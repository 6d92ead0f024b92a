import { appendFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import type { Annotation, Logger, Outcome, Platform, ProgressSink } from '@mlgate/core'
import { exitCodeFor } from '@mlgate/core'

export interface CliOptions {
  values: Map<string, string>
  env?: NodeJS.ProcessEnv
  /** Where the markdown summary goes: stdout by default. */
  quiet?: boolean
}

const CLEAR_LINE = '\r\x1b[2K'

/** The terminal of one platform: stdout and stderr, and whether a transient progress line is on it now (anything else printed clears it first). */
class Terminal {
  private statusShown = false

  readonly clearStatus = (): void => {
    if (this.statusShown) process.stderr.write(CLEAR_LINE)
    this.statusShown = false
  }

  readonly out = (s: string): void => {
    this.clearStatus()
    process.stdout.write(s.endsWith('\n') ? s : s + '\n')
  }

  readonly err = (s: string): void => {
    this.clearStatus()
    process.stderr.write(s.endsWith('\n') ? s : s + '\n')
  }

  readonly draw = (line: string): void => {
    process.stderr.write(`${CLEAR_LINE}${line.slice(0, Math.max(20, (process.stderr.columns ?? 100) - 1))}`)
    this.statusShown = true
  }
}

/** Live progress on a terminal a person watches; MLGATE_PROGRESS=always|never overrides the guess. */
function progressSink(env: NodeJS.ProcessEnv, term: Terminal): ProgressSink {
  const setting = env.MLGATE_PROGRESS ?? 'auto'
  const interactive = setting === 'always' || (setting === 'auto' && process.stderr.isTTY === true && !env.CI)
  return { interactive, draw: term.draw, clear: term.clearStatus, line: (text) => term.err(text) }
}

function logger(term: Terminal): Logger {
  const { err } = term
  return {
    info: (m) => err(m),
    warn: (m) => err(`warning: ${m}`),
    error: (m) => err(`error: ${m}`),
    debug: (m) => {
      if (process.env.MLGATE_DEBUG) err(`debug: ${m}`)
    },
    group: async (title, fn) => {
      err(`── ${title}`)
      return fn()
    },
  }
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return await rl.question(question)
  } finally {
    rl.close()
  }
}

/** Who started the CI run the CLI runs in (not the terminal's user, who answers for themselves). */
function ciInitiators(env: NodeJS.ProcessEnv): string[] {
  const names = [...(env.MLGATE_INITIATOR ?? '').split(','), env.GITHUB_ACTOR, env.GITHUB_TRIGGERING_ACTOR, env.BUILD_REQUESTEDFOR, env.BUILD_REQUESTEDFOREMAIL, env.GITLAB_USER_LOGIN]
  return [...new Set(names.map((n) => n?.trim()).filter((n): n is string => Boolean(n)))]
}

/** The Platform for a terminal or any other CI system: console output, files, exit codes. */
export function cliPlatform(opts: CliOptions): Platform {
  const env = opts.env ?? process.env
  const outputs: [string, string][] = []
  const term = new Terminal()
  const { out, err } = term
  return {
    kind: 'cli',
    env,
    context: { workspace: env.MLGATE_WORKSPACE ?? '.mlgate/run', actor: env.USER, initiatorNames: ciInitiators(env), token: env.MLGATE_TOKEN },
    log: logger(term),
    progress: progressSink(env, term),
    ask: process.stdin.isTTY ? askOnTerminal : undefined,
    input: (name) => opts.values.get(name) ?? env[`MLGATE_${name.replace(/-/g, '_').toUpperCase()}`],
    setOutput: (name, value) => {
      outputs.push([name, value])
    },
    annotate: (a: Annotation) => {
      const where = a.file ? `${a.file}${a.line ? `:${a.line}` : ''}${a.col ? `:${a.col}` : ''}: ` : ''
      err(`${where}${a.level}: ${a.title ? `[${a.title}] ` : ''}${a.message}`)
    },
    summary: async (markdown) => {
      if (env.MLGATE_SUMMARY) appendFileSync(env.MLGATE_SUMMARY, markdown + '\n')
      if (!opts.quiet) out(markdown)
    },
    publishStatus: async () => {},
    upsertComment: async () => {},
    uploadArtifact: async () => {},
    finish: (outcome: Outcome, message: string) => {
      if (outputs.length > 0 && !opts.quiet) out(outputs.map(([n, v]) => `${n}=${v.includes('\n') ? JSON.stringify(v) : v}`).join('\n'))
      if (outcome !== 'error') err(`${outcome.toUpperCase()}: ${message}`)
      process.exitCode = exitCodeFor(outcome)
    },
  }
}
