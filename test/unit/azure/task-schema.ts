// The task.json schema the Azure DevOps task library publishes (tasks.schema.json), restated for ajv: the fields a
// task may have, their types and patterns. tfx only warns about these, so the tests check them. (The published file
// spells the output list 'OutputVariables'; tasks and the service use 'outputVariables', as here.)
const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$' }

export const TASK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'friendlyName', 'description', 'author', 'version', 'instanceNameFormat', 'execution'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$' },
    name: { type: 'string', pattern: '^[A-Za-z0-9\\-]+$' },
    friendlyName: { type: 'string', maxLength: 40 },
    description: { type: 'string' },
    helpUrl: { type: 'string' },
    helpMarkDown: { type: 'string' },
    author: { type: 'string' },
    preview: { type: 'boolean' },
    deprecated: { type: 'boolean' },
    runsOn: { type: 'array', items: { enum: ['Agent', 'MachineGroup', 'Server', 'ServerGate'] } },
    visibility: { type: 'array', items: { enum: ['Build', 'Release'] } },
    category: { enum: ['Build', 'Utility', 'Test', 'Package', 'Deploy', 'Azure Repos', 'Azure Boards', 'Azure Pipelines', 'Azure Test Plans', 'Azure Artifacts'] },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'displayName'],
        properties: { name: { type: 'string' }, displayName: { type: 'string' }, isExpanded: { type: 'boolean' }, visibleRule: { type: 'string' } },
      },
    },
    demands: { type: 'array', items: { type: 'string' } },
    minimumAgentVersion: { type: 'string', pattern: '^\\d+\\.\\d+(\\.\\d+)?$' },
    version: {
      type: 'object',
      additionalProperties: false,
      required: ['Major', 'Minor', 'Patch'],
      properties: { Major: { type: 'number' }, Minor: { type: 'number' }, Patch: { type: 'number' } },
    },
    instanceNameFormat: { type: 'string' },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'label', 'type'],
        properties: {
          name,
          label: { type: 'string' },
          type: { anyOf: [{ enum: ['boolean', 'filePath', 'multiLine', 'pickList', 'radio', 'secureFile', 'string'] }, { type: 'string', pattern: '^connectedService:.+$' }] },
          defaultValue: { type: ['string', 'boolean'] },
          required: { type: 'boolean' },
          helpMarkDown: { type: 'string' },
          groupName: { type: 'string' },
          visibleRule: { type: 'string' },
          properties: { type: 'object' },
          options: { type: 'object' },
          aliases: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    outputVariables: { type: 'array', items: { type: 'object', required: ['name'], properties: { name, description: { type: 'string' } } } },
    execution: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: Object.fromEntries(['HttpRequest', 'HttpRequestChain', 'Node', 'Node10', 'Node16', 'Node20_1', 'Node24', 'PowerShell', 'PowerShell3'].map((h) => [h, { type: 'object' }])),
    },
  },
}
