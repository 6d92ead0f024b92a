import { describe, expect, it } from 'vitest'
import { defineTask, TaskInputs, camelCase, pascalCase } from '../../../packages/core/src/index.ts'

const t = defineTask({
  id: 'x-task',
  title: 'x',
  description: 'x',
  guid: '00000000-0000-4000-8000-000000000002',
  icon: 'check',
  color: 'blue',
  inputs: {
    name: { type: 'string', description: 'n', required: true },
    flag: { type: 'boolean', description: 'f', default: 'true' },
    level: { type: 'choice', choices: ['low', 'high'], description: 'l', default: 'low' },
    cols: { type: 'multiline', description: 'c', default: '' },
  },
  outputs: {},
  run: async () => {
    throw new Error('unused')
  },
})

const inputs = (raw: Record<string, string>) => new TaskInputs(t, (n) => raw[n])

describe('TaskInputs', () => {
  it('applies defaults and parses booleans, choices, lists and maps', () => {
    const i = inputs({ name: ' a ', cols: 'a, b\nc:categorical' })
    expect(i.string('name')).toBe('a')
    expect(i.boolean('flag')).toBe(true)
    expect(i.choice('level', ['low', 'high'])).toBe('low')
    expect(i.list('cols')).toEqual(['a', 'b', 'c:categorical'])
    expect(inputs({ name: 'x', cols: 'age:categorical, zip:categorical' }).map('cols')).toEqual(
      new Map([
        ['age', 'categorical'],
        ['zip', 'categorical'],
      ]),
    )
  })

  it('names the input in every error', () => {
    expect(() => inputs({}).string('name')).toThrow("Input 'name' is required")
    expect(() => inputs({ flag: 'maybe' }).boolean('flag')).toThrow("Input 'flag' must be true or false, got 'maybe'.")
    expect(() => inputs({ level: 'mid' }).choice('level', ['low', 'high'])).toThrow("Input 'level' must be one of low, high; got 'mid'.")
    expect(() => inputs({ cols: 'nocolon' }).map('cols')).toThrow("Input 'cols' expects entries like 'column:value', got 'nocolon'.")
  })

  it('declares the common inputs once for every task', () => {
    expect(Object.keys(t.inputs)).toEqual(expect.arrayContaining(['report', 'fail-on', 'status', 'comment', 'evidence-dir', 'token']))
    expect(Object.keys(t.outputs)).toEqual(expect.arrayContaining(['verdict', 'report-path']))
  })

  it('derives Azure and CLI names', () => {
    expect(camelCase('max-errors')).toBe('maxErrors')
    expect(pascalCase('check-reproducibility')).toBe('CheckReproducibility')
  })
})
