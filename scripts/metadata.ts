import { stringify } from 'yaml'
import type { InputSpec, TaskDefinition } from '../packages/core/src/task.ts'
import { camelCase, pascalCase } from '../packages/core/src/task.ts'
import { TOOL_VERSION } from '../packages/core/src/report/model.ts'
import { VERDICT_TASK_DIR, verdictTaskJson } from '../packages/azure/src/gate/task.ts'

/** Files the generator owns, keyed by repository-relative path. */
export type GeneratedFiles = Map<string, string>

const GITHUB_DEFAULTS: Record<string, string> = { token: '${{ github.token }}' }

export function actionYml(task: TaskDefinition): string {
  const inputs: Record<string, Record<string, unknown>> = {}
  for (const [name, spec] of Object.entries(task.inputs)) {
    const entry: Record<string, unknown> = { description: describe(spec), required: Boolean(spec.required) }
    const def = GITHUB_DEFAULTS[name] ?? spec.default
    if (def !== undefined && def !== '') entry.default = def
    inputs[name] = entry
  }
  const outputs: Record<string, Record<string, unknown>> = {}
  for (const [name, spec] of Object.entries(task.outputs)) outputs[name] = { description: spec.description }
  const doc = {
    name: task.title,
    description: task.description,
    author: 'mlgate',
    branding: { icon: task.icon, color: task.color },
    inputs,
    outputs,
    runs: { using: 'node24', main: 'dist/index.js' },
  }
  return `# Generated from packages/core/src/tasks/${task.id}.ts by 'npm run generate'; do not edit.\n${stringify(doc, { lineWidth: 0 })}`
}

function describe(spec: InputSpec): string {
  return spec.choices && spec.type === 'choice' ? `${spec.description} One of: ${spec.choices.join(', ')}.` : spec.description
}

const AZURE_TYPE: Record<InputSpec['type'], string> = {
  string: 'string',
  // filePath inputs left empty are filled with the sources directory by the agent: keep paths as strings
  path: 'string',
  multiline: 'multiLine',
  boolean: 'boolean',
  number: 'string',
  integer: 'string',
  choice: 'pickList',
  secret: 'string',
}

export function taskJsonObject(task: TaskDefinition): Record<string, unknown> {
  const [, minor, patch] = TOOL_VERSION.split('.').map(Number)
  const inputs = Object.entries(task.inputs).map(([name, spec]) => {
    const input: Record<string, unknown> = {
      name: camelCase(name),
      type: AZURE_TYPE[spec.type],
      label: label(name),
      defaultValue: spec.default ?? '',
      required: Boolean(spec.required),
      helpMarkDown: describe(spec),
    }
    if (spec.group) input.groupName = spec.group
    if (spec.type === 'choice') input.options = Object.fromEntries((spec.choices ?? []).map((c) => [c, c]))
    return input
  })
  return {
    $schema: 'https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json',
    id: task.guid,
    name: pascalCase(task.id),
    friendlyName: task.title,
    description: task.description,
    helpMarkDown: `[mlgate ${task.id}](https://github.com/mlgate/mlgate#${task.id}) — ${task.description}`,
    category: 'Utility',
    author: 'mlgate',
    version: { Major: 1, Minor: minor, Patch: patch },
    minimumAgentVersion: '3.232.1',
    instanceNameFormat: `mlgate ${task.id}`,
    groups: [
      { name: 'advanced', displayName: 'Advanced', isExpanded: false },
      { name: 'output', displayName: 'Output', isExpanded: false },
    ],
    inputs,
    outputVariables: Object.entries(task.outputs).map(([name, o]) => ({ name: camelCase(name), description: o.description })),
    execution: {
      Node20_1: { target: 'dist/index.js', argumentFormat: '' },
      Node24: { target: 'dist/index.js', argumentFormat: '' },
    },
  }
}

export function taskJson(task: TaskDefinition): string {
  return JSON.stringify(taskJsonObject(task), null, 2) + '\n'
}

function label(kebab: string): string {
  const words = kebab.split('-').join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function azureTaskDir(task: TaskDefinition): string {
  return `tasks/${pascalCase(task.id)}V1`
}

export function extensionManifest(tasks: TaskDefinition[]): string {
  const manifest = {
    manifestVersion: 1,
    id: 'mlgate',
    name: 'mlgate — MLOps gates',
    version: TOOL_VERSION,
    publisher: 'mlgate',
    description: 'Validate data, detect drift, gate models, check reproducibility and require approval in Azure Pipelines.',
    public: false,
    categories: ['Azure Pipelines'],
    targets: [{ id: 'Microsoft.VisualStudio.Services' }],
    icons: { default: 'icon.png' },
    files: [{ path: 'icon.png', addressable: true }, ...tasks.map((t) => ({ path: `${pascalCase(t.id)}V1` })), { path: VERDICT_TASK_DIR }],
    contributions: [
      ...tasks.map((t) => ({
        id: `${t.id}-task`,
        type: 'ms.vss-distributed-task.task',
        targets: ['ms.vss-distributed-task.tasks'],
        properties: { name: `${pascalCase(t.id)}V1` },
      })),
      // the agentless release gate / server task that reads the verdicts the agent tasks record
      { id: 'mlgate-verdict-task', type: 'ms.vss-distributed-task.task', targets: ['ms.vss-distributed-task.tasks'], properties: { name: VERDICT_TASK_DIR } },
    ],
  }
  return JSON.stringify(manifest, null, 2) + '\n'
}

/** Every generated metadata file for the given tasks. */
export function generateMetadata(tasks: TaskDefinition[]): GeneratedFiles {
  const files: GeneratedFiles = new Map()
  for (const t of tasks) {
    files.set(`actions/${t.id}/action.yml`, actionYml(t))
    files.set(`${azureTaskDir(t)}/task.json`, taskJson(t))
  }
  files.set(`tasks/${VERDICT_TASK_DIR}/task.json`, JSON.stringify(verdictTaskJson(tasks, TOOL_VERSION), null, 2) + '\n')
  files.set('tasks/vss-extension.json', extensionManifest(tasks))
  return files
}
