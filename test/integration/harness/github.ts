import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './node.ts'

export interface GithubRunOptions {
  node?: string
  cwd?: string
  event?: 'push' | 'pull_request'
  eventPayload?: Record<string, unknown>
  apiUrl?: string
  env?: Record<string, string>
  /** Reuse a temp directory (e.g. RUNNER_TEMP shared by steps of one job). */
  runnerTemp?: string
  /** Called with the child process once it runs (e.g. to send it SIGTERM). */
  onSpawn?: (child: ChildProcess) => void
}

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
}

export interface GithubRunResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  commands: WorkflowCommand[]
  annotations: WorkflowCommand[]
}

export const HEAD_SHA = 'a'.repeat(40)

/** Default payloads shaped like GitHub's push and pull_request events. */
export function eventPayload(kind: 'push' | 'pull_request'): Record<string, unknown> {
  const repository = { full_name: 'acme/models', name: 'models', owner: { login: 'acme' }, default_branch: 'main' }
  if (kind === 'push') return { ref: 'refs/heads/main', after: HEAD_SHA, repository, sender: { login: 'alice' } }
  return {
    action: 'synchronize',
    number: 7,
    pull_request: { number: 7, head: { sha: HEAD_SHA, ref: 'feature' }, base: { ref: 'main' }, user: { login: 'alice' } },
    repository,
    sender: { login: 'alice' },
  }
}

/** Reads `name<<DELIM\nvalue\nDELIM` (and legacy `name=value`) entries of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i])
      out[heredoc[1]] = value.join('\n')
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
  }
  return out
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProp = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const cmds: WorkflowCommand[] = []
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=')
      properties[kv.slice(0, i)] = unescapeProp(kv.slice(i + 1))
    }
    cmds.push({ command: m[1], properties, message: unescapeData(m[3]) })
  }
  return cmds
}

/** INPUT_ names as the runner forms them: spaces → '_', upper-cased, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Runs actions/<task>/dist/index.js as the GitHub runner does. */
export async function runGithubAction(task: string, inputs: Record<string, string>, opts: GithubRunOptions = {}): Promise<GithubRunResult> {
  const action = parse(readFileSync(join(ROOT, 'actions', task, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
    runs: { main: string }
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-gh-'))
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_ENV: 'env', GITHUB_STATE: 'state', GITHUB_PATH: 'path' }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SHA: opts.event === 'pull_request' ? 'b'.repeat(40) : HEAD_SHA,
    GITHUB_REF: opts.event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_EVENT_NAME: opts.event ?? 'push',
    GITHUB_ACTOR: 'alice',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'ml-checks',
    GITHUB_JOB: 'gate',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: opts.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: opts.cwd ?? ROOT,
    RUNNER_TEMP: opts.runnerTemp ?? dir,
    RUNNER_OS: 'Linux',
  }
  for (const [k, f] of Object.entries(files)) {
    env[k] = join(dir, f)
    writeFileSync(env[k], '')
  }
  env.GITHUB_EVENT_PATH = join(dir, 'event.json')
  writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(opts.eventPayload ?? eventPayload(opts.event ?? 'push')))
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const def = spec.default ?? ''
    env[inputEnvName(name)] = def.includes('${{') ? (name === 'token' ? 'ghs_faketoken' : '') : def
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (!(name in (action.inputs ?? {}))) throw new Error(`action ${task} declares no input '${name}'`)
    env[inputEnvName(name)] = value
  }
  Object.assign(env, opts.env)
  const main = join(ROOT, 'actions', task, action.runs.main)
  const { exitCode, stdout, stderr } = await spawnCollect(opts.node ?? process.execPath, [main], { cwd: opts.cwd ?? ROOT, env, onSpawn: opts.onSpawn })
  const commands = parseWorkflowCommands(stdout)
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(env.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'),
    commands,
    annotations: commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command)),
  }
}

export function spawnCollect(
  cmd: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; input?: string; onSpawn?: (child: ChildProcess) => void },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }))
    child.stdin.end(options.input ?? '')
    options.onSpawn?.(child)
  })
}
