import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { TASKS } from '../../../packages/core/src/tasks/index.ts'
import { camelCase, pascalCase } from '../../../packages/core/src/task.ts'

const ROOT = resolve(import.meta.dirname, '../../..')

function steps(doc: any): any[] {
  const out: any[] = []
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      if (typeof v.uses === 'string' || typeof v.task === 'string') out.push(v)
      Object.values(v).forEach(walk)
    }
  }
  walk(doc)
  return out
}

/** The server tasks of the extension, by name, with their inputs (task.json is theirs alone: no generated definition). */
const SERVER_TASKS: Record<string, string[]> = {
  MlgateVerdict: (JSON.parse(readFileSync(join(ROOT, 'tasks/MlgateVerdictV1/task.json'), 'utf8')) as { inputs: { name: string }[] }).inputs.map((i) => i.name),
}

const files = [
  ...readdirSync(join(ROOT, 'examples/github')).map((f) => join('examples/github', f)),
  ...readdirSync(join(ROOT, 'examples/azure'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join('examples/azure', f)),
  ...readdirSync(join(ROOT, 'examples/azure/templates')).map((f) => join('examples/azure/templates', f)),
  '.github/workflows/self-test.yml',
]

describe('every example names real tasks and only inputs they declare', () => {
  it.each(files)('%s', (file) => {
    const doc = parse(readFileSync(join(ROOT, file), 'utf8'))
    // a pipeline that extends a template runs that template's steps
    const extended = typeof doc?.extends?.template === 'string' ? parse(readFileSync(join(ROOT, dirname(file), doc.extends.template), 'utf8')) : undefined
    const used = [...steps(doc), ...(extended ? steps(extended) : [])]
    let mlgateSteps = 0
    for (const s of used) {
      const gh = typeof s.uses === 'string' ? /(?:^\.\/actions\/|mlgate\/mlgate\/actions\/)([a-z-]+)/.exec(s.uses) : null
      const az = typeof s.task === 'string' ? /^([A-Za-z]+)@1$/.exec(s.task) : null
      if (!gh && !az) continue
      mlgateSteps++
      if (az && SERVER_TASKS[az[1]]) {
        for (const name of Object.keys(s.inputs ?? {})) expect(SERVER_TASKS[az[1]], `${file}: ${s.task} has no input '${name}'`).toContain(name)
        continue
      }
      const task = gh ? TASKS.find((t) => t.id === gh[1]) : TASKS.find((t) => pascalCase(t.id) === az![1])
      expect(task, `${file}: ${s.uses ?? s.task} is not an mlgate task`).toBeDefined()
      const declared = Object.keys(task!.inputs).map((n) => (gh ? n : camelCase(n)))
      for (const name of Object.keys((gh ? s.with : s.inputs) ?? {})) expect(declared, `${file}: ${task!.id} has no input '${name}'`).toContain(name)
    }
    expect(mlgateSteps).toBeGreaterThan(0)
  })
})
