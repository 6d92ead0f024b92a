import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { TASKS } from '../../../packages/core/src/tasks/index.ts'
import { camelCase } from '../../../packages/core/src/task.ts'
import { generateMetadata, taskJsonObject } from '../../../scripts/metadata.ts'

const ROOT = resolve(import.meta.dirname, '../../..')

describe('generated metadata', () => {
  const files = generateMetadata(TASKS)

  it.each([...files.keys()])('%s is committed exactly as the generator writes it', (rel) => {
    const path = join(ROOT, rel)
    expect(existsSync(path), `${rel} is missing: run npm run build`).toBe(true)
    expect(readFileSync(path, 'utf8'), `${rel} differs from the generator: run npm run build`).toBe(files.get(rel))
  })

  it('every action runs on node24 from dist/index.js with branding and kebab-case inputs', () => {
    for (const t of TASKS) {
      const action = parse(files.get(`actions/${t.id}/action.yml`)!)
      expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
      expect(action.branding.icon).toBeTruthy()
      for (const [name, spec] of Object.entries(action.inputs as Record<string, { description: string }>)) {
        expect(name).toMatch(/^[a-z][a-z0-9-]*$/)
        expect(spec.description.length).toBeGreaterThan(5)
      }
      expect(Object.keys(action.outputs)).toContain('verdict')
    }
  })
})

describe('task.json follows the Azure rules (tfx only warns)', () => {
  const guids = new Set<string>()
  it.each(TASKS.map((t) => [t.id, t] as const))('%s', (_id, task) => {
    const json = taskJsonObject(task) as Record<string, any>
    expect(json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(guids.has(json.id)).toBe(false)
    guids.add(json.id)
    expect(json.name).toMatch(/^[A-Za-z0-9-]+$/)
    expect(json.friendlyName.length).toBeLessThanOrEqual(40)
    expect(json.instanceNameFormat).toBeTruthy()
    expect(json.version).toEqual({ Major: 1, Minor: expect.any(Number), Patch: expect.any(Number) })
    expect(Object.keys(json.execution).sort()).toEqual(['Node20_1', 'Node24'])
    const names = new Set<string>()
    for (const input of json.inputs) {
      expect(input.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/)
      expect(names.has(input.name)).toBe(false)
      names.add(input.name)
      expect(input.label).toBeTruthy()
      expect(['string', 'boolean', 'filePath', 'multiLine', 'pickList', 'int', 'radio', 'secureFile']).toContain(input.type)
      if (input.type === 'pickList') expect(Object.keys(input.options)).toContain(input.defaultValue || Object.keys(input.options)[0])
      if (input.groupName) expect(json.groups.map((g: { name: string }) => g.name)).toContain(input.groupName)
    }
    for (const o of json.outputVariables) expect(o.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/)
    expect(json.inputs.map((i: { name: string }) => i.name)).toEqual(Object.keys(task.inputs).map(camelCase))
  })
})
