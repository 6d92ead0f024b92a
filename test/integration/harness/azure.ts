import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCollect } from './github.ts'
import { ROOT } from './node.ts'

export interface VsoCommand {
  area: string
  event: string
  properties: Record<string, string>
  data: string
}

export interface AzureRunResult {
  exitCode: number
  stdout: string
  stderr: string
  commands: VsoCommand[]
  /** Output variables set with isOutput=true. */
  outputs: Record<string, string>
  result: string | undefined
  summaries: string[]
  issues: VsoCommand[]
}

export interface AzureRunOptions {
  node?: string
  cwd?: string
  /** Pipeline variables such as 'System.PullRequest.PullRequestId' (exposed as env the way the agent does). */
  variables?: Record<string, string>
  env?: Record<string, string>
  /** Called with the child process once it runs (e.g. to send it SIGTERM). */
  onSpawn?: (child: ChildProcess) => void
}

const unescapeData = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%3B/g, ';')
    .replace(/%AZP25/g, '%')

export function parseVso(stdout: string): VsoCommand[] {
  const out: VsoCommand[] = []
  for (const line of stdout.split('\n')) {
    const m = /##vso\[([a-z]+)\.([a-z]+)(?: ([^\]]*))?\](.*)$/.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const kv of (m[3] ?? '').split(';').filter((s) => s.trim() !== '')) {
      const i = kv.indexOf('=')
      properties[kv.slice(0, i).trim()] = unescapeData(kv.slice(i + 1))
    }
    out.push({ area: m[1], event: m[2], properties, data: unescapeData(m[4]) })
  }
  return out
}

/** Runs tasks/<Task>V1/dist/index.js as the Azure Pipelines agent does (INPUT_* and variables in env, ##vso on stdout). */
export async function runAzureTask(taskDir: string, inputs: Record<string, string>, opts: AzureRunOptions = {}): Promise<AzureRunResult> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'tasks', taskDir, 'task.json'), 'utf8')) as {
    inputs: { name: string; defaultValue?: string }[]
    execution: Record<string, { target: string }>
  }
  const temp = mkdtempSync(join(tmpdir(), 'mlgate-az-'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    TF_BUILD: 'True',
    AGENT_TEMPDIRECTORY: temp,
    AGENT_VERSION: '4.248.0',
    SYSTEM_DEFAULTWORKINGDIRECTORY: opts.cwd ?? ROOT,
    BUILD_BUILDID: '101',
    BUILD_DEFINITIONNAME: 'ml-gates',
    SYSTEM_JOBID: 'job-1',
    SYSTEM_TEAMPROJECT: 'models',
  }
  for (const input of manifest.inputs) if (input.defaultValue) env[`INPUT_${input.name.toUpperCase()}`] = input.defaultValue
  for (const [name, value] of Object.entries(inputs)) {
    if (!manifest.inputs.some((i) => i.name === name)) throw new Error(`task ${taskDir} declares no input '${name}'`)
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(opts.variables ?? {})) env[name.replace(/\./g, '_').toUpperCase()] = value
  Object.assign(env, opts.env)
  const target = join(ROOT, 'tasks', taskDir, manifest.execution.Node20_1.target)
  const { exitCode, stdout, stderr } = await spawnCollect(opts.node ?? process.execPath, [target], { cwd: opts.cwd ?? ROOT, env, onSpawn: opts.onSpawn })
  const commands = parseVso(stdout)
  const outputs: Record<string, string> = {}
  for (const c of commands) if (c.area === 'task' && c.event === 'setvariable' && c.properties.isOutput === 'true') outputs[c.properties.variable] = c.data
  return {
    exitCode,
    stdout,
    stderr,
    commands,
    outputs,
    result: commands.find((c) => c.area === 'task' && c.event === 'complete')?.properties.result,
    summaries: commands.filter((c) => c.area === 'task' && c.event === 'uploadsummary').map((c) => readFileSync(c.data, 'utf8')),
    issues: commands.filter((c) => c.area === 'task' && (c.event === 'logissue' || c.event === 'issue')),
  }
}
