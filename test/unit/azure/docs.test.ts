import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { gateCheckRequest } from '../../../packages/cli/src/azure-gate.ts'
import type { Value } from '../../helpers/ado-expression.ts'
import { holds } from '../../helpers/ado-expression.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8')
const docs = read('packages/core/docs/azure-gates.md')
const examples = read('examples/azure/README.md')
const shipped = JSON.parse(read('tasks/MlgateVerdictV1/task.json'))

const answer = (verdict?: string): Value => ({ count: verdict ? 1 : 0, value: verdict ? { 'mlgate.gate-model.verdict': { $type: 'System.String', $value: verdict } } : {} })

describe('the Azure gate docs say what the shipped gate does', () => {
  it('the README and examples/azure link the docs; the docs name the unverified parts and gate-check', () => {
    expect(read('README.md')).toContain('(packages/core/docs/azure-gates.md)')
    expect(examples).toContain('(../../packages/core/docs/azure-gates.md)')
    for (const text of ['JSONPath dialect', 'Default permissions', "'Update build information'", 'mlgate azure gate-check', 'Required template', 'Invoke REST API'])
      expect(docs).toContain(text.replace(/^'|'$/g, ''))
  })

  it('the Expression and URL in the docs are the shipped ones, and the criteria gate-check prints for gate-model', () => {
    const execute = shipped.execution.HttpRequest.Execute
    expect(docs).toContain(`\n${execute.Expression}\n`)
    expect(docs).toContain(`GET ${execute.EndpointUrl}`)
    const printed = gateCheckRequest({ collection: 'https://dev.azure.com/acme/', project: 'models', run: '7', task: 'gate-model', warnPasses: false }, 't').expression
    expect(docs).toContain(`\n${printed}\n`)
  })

  it('every success criterion the docs and examples give for the Invoke REST API check decides as the server task does', () => {
    const criteria = [...`${docs}\n${examples}`.matchAll(/(?:^|`|\n)((?:or\(eq|eq)\(root\['value'\]\['mlgate\.gate-model\.verdict'\][^`\n]*\))(?=`|\n)/g)].map((m) => m[1])
    expect(criteria.length).toBeGreaterThanOrEqual(3)
    const task = gateCheckRequest({ collection: 'https://x/', project: 'p', run: '1', task: 'gate-model', warnPasses: false }, 't').expression
    for (const c of new Set(criteria)) for (const v of ['pass', 'warn', 'fail', 'error', undefined]) expect(holds(c, answer(v)), `${c} on ${v}`).toBe(holds(task, answer(v)))
  })

  it('the Invoke REST API check reads the same URL as the server task', () => {
    const suffix = '$(system.TeamProjectId)/_apis/build/builds/$(Build.BuildId)/properties?api-version=7.1'
    expect(docs).toContain(suffix)
    expect(examples).toContain(suffix)
    expect(shipped.execution.HttpRequest.Execute.EndpointUrl).toBe('$(system.teamFoundationCollectionUri)$(project)/_apis/build/builds/$(run)/properties?api-version=7.1')
  })
})

describe('the YAML route', () => {
  const template = parse(read('examples/azure/templates/mlgate-gated-deployment.yml'))
  const pipeline = parse(read('examples/azure/deploy-pipeline.yml'))

  it('the template runs MlgateVerdict@1 in a pool: server job before the deployment, for the run it is given', () => {
    const [gate, deploy] = template.stages
    const job = gate.jobs[0]
    expect(job.pool).toBe('server')
    const steps = Object.values(job.steps[0])[0] as { task: string; inputs: Record<string, string> }[]
    expect(steps[0].task).toBe('MlgateVerdict@1')
    expect(steps[0].inputs.run).toBe('${{ parameters.runId }}')
    expect(deploy.dependsOn).toBe(gate.stage)
    expect(deploy.jobs[0].deployment).toBeTruthy()
  })

  it('the pipeline extends the template with the runID of its pipeline resource', () => {
    const alias = pipeline.resources.pipelines[0].pipeline
    expect(pipeline.extends.template).toBe('templates/mlgate-gated-deployment.yml')
    expect(pipeline.extends.parameters.runId).toBe(`$(resources.pipeline.${alias}.runID)`)
    const taskIds = (shipped.inputs as { name: string; options?: Record<string, string> }[]).find((i) => i.name === 'task')!.options!
    for (const t of pipeline.extends.parameters.tasks) expect(Object.keys(taskIds)).toContain(t)
  })
})
