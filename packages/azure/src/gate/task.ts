/** Where an mlgate agent task records its verdict: build properties, one set per task. */
export const PROPERTY_PREFIX = 'mlgate'
export const verdictProperty = (task: string) => `${PROPERTY_PREFIX}.${task}.verdict`

/** The server task's directory under tasks/. */
export const VERDICT_TASK_DIR = 'MlgateVerdictV1'

/** The value of the verdict property of the task the `task` input names, in a build properties answer ({count, value: {key: {$type, $value}}}). */
const VERDICT = `root['value']['${PROPERTY_PREFIX}.$(task).verdict']['$value']`

/**
 * The Expression of the server task: true only when the named task's recorded verdict is pass, or warn when
 * warnPasses is true. A build without the property gives null, which equals neither: false, not an error.
 */
export const VERDICT_EXPRESSION = `or(eq(${VERDICT}, 'pass'), and(eq('$(warnPasses)', 'true'), eq(${VERDICT}, 'warn')))`

/** The request: the build's properties, read with the job's own token (the pattern of the built-in Query Work Items gate). */
export const VERDICT_URL = '$(system.teamFoundationCollectionUri)$(project)/_apis/build/builds/$(run)/properties?api-version=7.1'

/**
 * task.json of MlgateVerdict@1, the agentless task (release gate, or a step of a `pool: server` job) that passes when
 * an mlgate task recorded a passing verdict on a run. One HttpRequest handler, no demands, no minimumAgentVersion.
 */
export function verdictTaskJson(tasks: readonly { id: string; title: string }[], toolVersion: string): Record<string, unknown> {
  const [, minor, patch] = toolVersion.split('.').map(Number)
  return {
    $schema: 'https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json',
    id: 'f9e4c5fd-76b8-44cb-9150-a08acc7d5acb',
    name: 'MlgateVerdict',
    friendlyName: 'mlgate verdict',
    description: 'Passes only when an mlgate task recorded a pass verdict on the run (build property mlgate.<task>.verdict).',
    helpMarkDown: '[mlgate release gates](https://github.com/mlgate/mlgate/blob/main/packages/core/docs/azure-gates.md) — check with `mlgate azure gate-check`.',
    category: 'Utility',
    author: 'mlgate',
    visibility: ['Build', 'Release'],
    runsOn: ['Server', 'ServerGate'],
    version: { Major: 1, Minor: minor, Patch: patch },
    instanceNameFormat: 'mlgate verdict of $(task)',
    inputs: [
      {
        name: 'task',
        type: 'pickList',
        label: 'mlgate task',
        defaultValue: 'gate-model',
        required: true,
        options: Object.fromEntries(tasks.map((t) => [t.id, t.title])),
        helpMarkDown: 'The mlgate task whose recorded verdict decides.',
      },
      {
        name: 'run',
        type: 'string',
        label: 'Run (build id)',
        defaultValue: '$(Build.BuildId)',
        required: true,
        helpMarkDown: 'The build whose verdict is read: in a release, $(Build.BuildId) is the primary artifact’s build; in YAML use $(resources.pipeline.<alias>.runID).',
      },
      {
        name: 'project',
        type: 'string',
        label: 'Project of the run',
        defaultValue: '$(System.TeamProjectId)',
        required: true,
        helpMarkDown: 'The project (name or id) the run belongs to.',
      },
      {
        name: 'warnPasses',
        type: 'boolean',
        label: 'A warn verdict passes',
        defaultValue: 'false',
        required: false,
        helpMarkDown: 'When checked, a recorded warn counts as pass.',
      },
    ],
    execution: {
      HttpRequest: {
        Execute: {
          EndpointId: '',
          EndpointUrl: VERDICT_URL,
          Method: 'GET',
          Body: '',
          Headers: '{"Content-Type":"application/json", "Authorization":"Bearer $(system.accesstoken)"}',
          WaitForCompletion: 'false',
          Expression: VERDICT_EXPRESSION,
        },
      },
    },
  }
}
