import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { camelCase, pascalCase } from '../../packages/core/src/task.ts'
import { runAzureTask } from '../integration/harness/azure.ts'
import { parseCliOutputs, runCli } from '../integration/harness/cli.ts'
import { runGithubAction } from '../integration/harness/github.ts'
import { ROOT } from '../integration/harness/node.ts'
import type { TaskId } from './scenario.ts'

export type PlatformId = 'github' | 'azure' | 'cli'
export const PLATFORMS: PlatformId[] = ['github', 'azure', 'cli']

/** How the runner records the end of a run. */
export interface Ending {
  /** GitHub: the last ::error/::warning without properties; Azure: task.complete's result; CLI: PASS/WARN/FAIL/error. */
  kind: string | undefined
  message: string | undefined
  /** Azure: how many task.complete lines the run printed. */
  completions: number
}

/** One run of one task on one platform, as that platform's runner sees it. */
export interface Observed {
  platform: PlatformId
  exitCode: number
  /** Outputs under their kebab-case names (Azure's camelCase variables mapped back). */
  outputs: Record<string, string>
  /** Output names as the platform spelled them. */
  outputNames: string[]
  /** Sentences reported as errors: ::error (GitHub), error issues (Azure), `error:` lines (CLI). */
  errors: string[]
  ending: Ending
  /** The JSON report file, parsed, when one was written. */
  report: Record<string, unknown> | undefined
  log: string
}

/** Output names the action declares (the Azure task and the CLI declare the same ones). */
export function declaredOutputs(task: TaskId): string[] {
  const action = parse(readFileSync(join(ROOT, 'actions', task, 'action.yml'), 'utf8')) as { outputs: Record<string, unknown> }
  return Object.keys(action.outputs)
}

function readReport(ws: string, path: string): Record<string, unknown> | undefined {
  const file = join(ws, path)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined
}

async function onGithub(task: TaskId, inputs: Record<string, string>, ws: string, node: string): Promise<Omit<Observed, 'report'>> {
  const r = await runGithubAction(task, inputs, { node, cwd: ws })
  const plain = r.commands.filter((c) => (c.command === 'error' || c.command === 'warning') && Object.keys(c.properties).length === 0)
  const last = plain.at(-1)
  return {
    platform: 'github',
    exitCode: r.exitCode,
    outputs: r.outputs,
    outputNames: Object.keys(r.outputs),
    errors: r.commands.filter((c) => c.command === 'error').map((c) => c.message),
    ending: { kind: last?.command, message: last?.message, completions: 0 },
    log: r.stdout + r.stderr,
  }
}

async function onAzure(task: TaskId, inputs: Record<string, string>, ws: string, node: string): Promise<Omit<Observed, 'report'>> {
  const camel = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [camelCase(k), v]))
  const r = await runAzureTask(`${pascalCase(task)}V1`, camel, { node, cwd: ws, variables: { 'Build.RequestedFor': ACTOR } })
  const outputs: Record<string, string> = {}
  for (const name of declaredOutputs(task)) if (camelCase(name) in r.outputs) outputs[name] = r.outputs[camelCase(name)]
  const completions = r.commands.filter((c) => c.area === 'task' && c.event === 'complete')
  return {
    platform: 'azure',
    exitCode: r.exitCode,
    outputs,
    outputNames: Object.keys(r.outputs),
    errors: r.issues.filter((i) => i.properties.type === 'error').map((i) => i.data),
    ending: { kind: completions.at(-1)?.properties.result, message: completions.at(-1)?.data, completions: completions.length },
    log: r.stdout + r.stderr,
  }
}

async function onCli(task: TaskId, inputs: Record<string, string>, ws: string, node: string): Promise<Omit<Observed, 'report'>> {
  const args = [task, ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])]
  // a CI run started by ACTOR, whose login is also the shell's user
  const r = await runCli(args, { node, cwd: ws, env: { USER: ACTOR, MLGATE_INITIATOR: ACTOR } })
  const outputs = parseCliOutputs(r.stdout, declaredOutputs(task))
  const lines = r.stderr.split('\n')
  const last = lines.filter((l) => /^(PASS|WARN|FAIL|error): /.test(l)).at(-1)
  return {
    platform: 'cli',
    exitCode: r.exitCode,
    outputs,
    outputNames: Object.keys(outputs),
    errors: lines.filter((l) => l.startsWith('error: ')).map((l) => l.slice('error: '.length)),
    ending: { kind: last?.slice(0, last.indexOf(':')), message: last?.slice(last.indexOf(': ') + 2), completions: 0 },
    log: r.stdout + r.stderr,
  }
}

const RUNNERS = { github: onGithub, azure: onAzure, cli: onCli }

/** The person who started the run, told to each platform its own way (GitHub: the harness's GITHUB_ACTOR). */
export const ACTOR = 'alice'

/** Runs `task` as a child process the way `platform` runs it, in workspace `ws`, asking for the JSON report at `reportPath`. */
export async function runOn(platform: PlatformId, task: TaskId, inputs: Record<string, string>, o: { ws: string; node: string; reportPath: string }): Promise<Observed> {
  const observed = await RUNNERS[platform](task, { ...inputs, report: o.reportPath }, o.ws, o.node)
  return { ...observed, report: readReport(o.ws, o.reportPath) }
}
