import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runTask } from '../../../packages/core/src/index.ts'
import { validateData } from '../../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

const VEGA = resolve(import.meta.dirname, '../../../node_modules/vega-datasets/data')

describe('data always validates against the schema inferred from it (vega-datasets)', () => {
  it.each(['movies.json', 'penguins.json', 'seattle-weather.csv', 'birdstrikes.csv'])('%s', async (file) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-infer-'))
    const schema = join(dir, 'schema.yaml')
    const first = memoryPlatform({ data: join(VEGA, file), 'infer-schema': schema, 'infer-ranges': 'true' })
    await runTask(validateData, first)
    expect(first.outcome?.outcome).not.toBe('error')
    const inferred = parse(readFileSync(schema, 'utf8'))
    expect(inferred.fields.length).toBeGreaterThan(3)
    const second = memoryPlatform({ data: join(VEGA, file), schema, report: join(dir, 'r.json') })
    await runTask(validateData, second)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report.errors.slice(0, 3)).toEqual([])
    expect(report.valid).toBe(true)
    expect(report.rowCount).toBeGreaterThan(100)
  })

  it('infers types, presence, small domains and id-like columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-infer-'))
    const schema = join(dir, 'schema.yaml')
    await runTask(validateData, memoryPlatform({ data: join(VEGA, 'seattle-weather.csv'), 'infer-schema': schema }))
    const fields = Object.fromEntries(parse(readFileSync(schema, 'utf8')).fields.map((f: { name: string }) => [f.name, f]))
    expect(fields.date).toMatchObject({ type: 'date', constraints: { required: true, unique: true } })
    expect(fields.precipitation.type).toBe('number')
    expect(fields.weather.constraints.enum).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun'])
  })
})
