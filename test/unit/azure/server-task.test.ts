import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { TASKS } from '../../../packages/core/src/tasks/index.ts'
import { taskJsonObject } from '../../../scripts/metadata.ts'
import { expandMacros, gateRequest, holds, parseExpression } from '../../helpers/ado-expression.ts'
import { TASK_SCHEMA } from './task-schema.ts'
import { gateCheckRequest } from '../../../packages/cli/src/azure-gate.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const shipped = JSON.parse(readFileSync(join(ROOT, 'tasks/MlgateVerdictV1/task.json'), 'utf8'))
const manifest = JSON.parse(readFileSync(join(ROOT, 'tasks/vss-extension.json'), 'utf8'))
const validate = new Ajv({ allErrors: true, strict: false }).compile(TASK_SCHEMA)

/** The variables a server task may use in Execute without declaring them. */
const SYSTEM_VARIABLES = ['system.teamfoundationcollectionuri', 'system.teamprojectid', 'system.accesstoken', 'build.buildid']

describe('MlgateVerdict@1 (tasks/MlgateVerdictV1/task.json)', () => {
  it('passes the task schema, as every agent task.json does', () => {
    expect(validate(shipped), JSON.stringify(validate.errors)).toBe(true)
    for (const t of TASKS) expect(validate(taskJsonObject(t)), `${t.id}: ${JSON.stringify(validate.errors)}`).toBe(true)
  })

  it('the schema check refuses what the schema refuses', () => {
    expect(validate({ ...shipped, friendlyName: 'x'.repeat(41) })).toBe(false)
    expect(validate({ ...shipped, inputs: [{ name: 'warn-passes', label: 'x', type: 'string' }] })).toBe(false)
    expect(validate({ ...shipped, runsOn: ['Cloud'] })).toBe(false)
    expect(validate({ ...shipped, extra: 1 })).toBe(false)
  })

  it('follows the server-task rules: runs on the server only, one HttpRequest handler, no demands or agent version', () => {
    expect(shipped.runsOn).toEqual(['Server', 'ServerGate'])
    expect(Object.keys(shipped.execution)).toEqual(['HttpRequest'])
    expect(shipped).not.toHaveProperty('demands')
    expect(shipped).not.toHaveProperty('minimumAgentVersion')
    expect(shipped).not.toHaveProperty('prejobexecution')
    expect(shipped).not.toHaveProperty('postjobexecution')
    const execute = shipped.execution.HttpRequest.Execute
    expect(execute.EndpointId).toBe('')
    expect(execute.Method).toBe('GET')
    expect(execute.WaitForCompletion).toBe('false')
    expect(execute.EndpointUrl).toMatch(/^\$\(system\.teamFoundationCollectionUri\)\$\(project\)\/_apis\/build\/builds\/\$\(run\)\/properties\?api-version=7\.1$/)
    expect(JSON.parse(execute.Headers)).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer $(system.accesstoken)' })
  })

  it('every macro of Execute is an input or a variable the server defines; the Expression parses once expanded', () => {
    const execute = shipped.execution.HttpRequest.Execute as Record<string, string>
    const inputs = (shipped.inputs as { name: string }[]).map((i) => i.name.toLowerCase())
    for (const text of Object.values(execute)) for (const [, name] of text.matchAll(/\$\(([^)]+)\)/g)) expect([...inputs, ...SYSTEM_VARIABLES], `$(${name})`).toContain(name.toLowerCase())
    expect(inputs).toEqual(['task', 'run', 'project', 'warnpasses'])
    expect(() => parseExpression(expandMacros(execute.Expression, { task: 'gate-model', warnPasses: 'false' }))).not.toThrow()
  })

  it('its inputs: a pick list of the mlgate tasks, the run defaulting to $(Build.BuildId), warn not passing by default', () => {
    const byName = Object.fromEntries((shipped.inputs as { name: string }[]).map((i) => [i.name, i])) as Record<string, Record<string, unknown>>
    expect(Object.keys(byName.task.options as object)).toEqual(TASKS.map((t) => t.id))
    expect(byName.run.defaultValue).toBe('$(Build.BuildId)')
    expect(byName.warnPasses).toMatchObject({ type: 'boolean', defaultValue: 'false' })
    const r = gateRequest(
      shipped,
      { task: 'detect-drift' },
      { 'System.TeamFoundationCollectionUri': 'https://dev.azure.com/acme/', 'System.TeamProjectId': 'p-1', 'Build.BuildId': '42', 'System.AccessToken': 't' },
    )
    expect(r.url).toBe('https://dev.azure.com/acme/p-1/_apis/build/builds/42/properties?api-version=7.1')
    expect(r.expression).toContain("root['value']['mlgate.detect-drift.verdict']['$value']")
    expect(r.expression).toContain("eq('false', 'true')")
  })

  it('mlgate azure gate-check sends exactly the request of the shipped task.json', () => {
    for (const warnPasses of [false, true]) {
      const o = { collection: 'https://dev.azure.com/acme/', project: 'models', run: '42', task: 'gate-model', warnPasses }
      const variables = { 'system.teamFoundationCollectionUri': o.collection, 'system.accesstoken': 'tok', 'System.TeamProjectId': 'models', 'Build.BuildId': '42' }
      expect(gateCheckRequest(o, 'tok')).toEqual(gateRequest(shipped, { task: 'gate-model', run: '42', project: 'models', warnPasses: String(warnPasses) }, variables))
    }
  })

  it("warnPasses as a YAML template writes a boolean ('True') passes warn too: eq ignores case", () => {
    const answer = { count: 1, value: { 'mlgate.gate-model.verdict': { $type: 'System.String', $value: 'warn' } } }
    const vars = { 'System.TeamFoundationCollectionUri': 'https://dev.azure.com/acme/', 'System.TeamProjectId': 'p', 'Build.BuildId': '1' }
    for (const [warnPasses, passes] of [
      ['True', true],
      ['true', true],
      ['False', false],
      ['', false],
    ] as const)
      expect(holds(gateRequest(shipped, { task: 'gate-model', warnPasses }, vars).expression, answer), warnPasses).toBe(passes)
  })

  it('the extension manifest lists it as a task contribution and ships its directory', () => {
    expect(manifest.files).toContainEqual({ path: 'MlgateVerdictV1' })
    expect(manifest.contributions).toContainEqual(expect.objectContaining({ type: 'ms.vss-distributed-task.task', properties: { name: 'MlgateVerdictV1' } }))
    const ids = [shipped.id, ...TASKS.map((t) => t.guid)]
    expect(new Set(ids).size).toBe(ids.length)
  })
})
