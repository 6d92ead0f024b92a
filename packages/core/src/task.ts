import type { Logger, Platform } from './platform.ts'
import type { Report } from './report/model.ts'
import type { TaskInputs } from './inputs.ts'
import type { Progress } from './progress.ts'

export type InputType = 'string' | 'multiline' | 'path' | 'boolean' | 'number' | 'integer' | 'choice' | 'secret'

export interface InputSpec {
  type: InputType
  description: string
  default?: string
  required?: boolean
  /** For type 'choice'. */
  choices?: readonly string[]
  /** Azure task.json grouping. */
  group?: 'advanced' | 'output'
}

export interface OutputSpec {
  description: string
}

export interface TaskMeta {
  /** kebab-case id: validate-data */
  id: string
  /** Title for humans (≤40 chars, used as Azure friendlyName). */
  title: string
  description: string
  /** Stable Azure task GUID. */
  guid: string
  /** Lucide/Feather icon name used in action.yml branding. */
  icon: string
  color: 'white' | 'yellow' | 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'gray-dark'
  inputs: Record<string, InputSpec>
  outputs: Record<string, OutputSpec>
}

export interface TaskContext {
  inputs: TaskInputs
  log: Logger
  platform: Platform
  cwd: string
  signal: AbortSignal
  /** Phases and amounts of work: live on a terminal, a line per phase in CI logs. */
  progress: Progress
}

export interface TaskResult {
  report: Report
  outputs: Record<string, string>
}

export interface TaskDefinition extends TaskMeta {
  run(ctx: TaskContext): Promise<TaskResult>
}

/** Inputs every task has, appended by defineTask so that each task declares only its own. */
const COMMON_INPUTS: Record<string, InputSpec> = {
  report: { type: 'path', description: 'Write the JSON report to this path.', default: '', group: 'output' },
  'fail-on': {
    type: 'string',
    description: 'When the step fails: a task-specific level (see the task docs), or never.',
    default: '',
    group: 'advanced',
  },
  status: {
    type: 'choice',
    choices: ['auto', 'true', 'false'],
    description: 'Publish a commit/PR status check (auto: only in pull requests).',
    default: 'auto',
    group: 'output',
  },
  comment: {
    type: 'choice',
    choices: ['auto', 'true', 'false'],
    description: 'Add this result to the sticky mlgate PR comment (auto: only in pull requests).',
    default: 'auto',
    group: 'output',
  },
  'evidence-dir': {
    type: 'path',
    description: 'Directory for in-toto evidence statements of this job.',
    default: '.mlgate/evidence',
    group: 'output',
  },
  'evidence-artifact': {
    type: 'string',
    description: 'Upload the evidence bundle of this job as an artifact with this name (set it on the last mlgate step).',
    default: '',
    group: 'output',
  },
  token: {
    type: 'secret',
    description: 'Token for statuses and comments (GitHub: github.token; Azure: $(System.AccessToken)).',
    default: '',
    group: 'advanced',
  },
}

const COMMON_OUTPUTS: Record<string, OutputSpec> = {
  verdict: { description: 'pass, warn or fail.' },
  'report-path': { description: 'Path of the JSON report, when one was written.' },
}

export function defineTask(def: TaskDefinition): TaskDefinition {
  const inputs: Record<string, InputSpec> = { ...def.inputs }
  for (const [name, spec] of Object.entries(COMMON_INPUTS)) if (!(name in inputs)) inputs[name] = spec
  const outputs: Record<string, OutputSpec> = { ...COMMON_OUTPUTS, ...def.outputs }
  if (def.title.length > 40) throw new Error(`Task title '${def.title}' exceeds 40 characters`)
  return { ...def, inputs, outputs }
}

/** validate-data → validateData */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/** validate-data → ValidateData */
export function pascalCase(kebab: string): string {
  const c = camelCase(kebab)
  return c.charAt(0).toUpperCase() + c.slice(1)
}
