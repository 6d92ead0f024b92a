import { describe, expect, it } from 'vitest'
import { kinds, validate } from './run.ts'

// The defects a new user met with descriptors and cells written by the Table Schema spec, each as
// validate-data meets it (each of these failed before the casts and descriptors were read as the spec says).

const json = (v: unknown) => JSON.stringify(v)
const one = (field: Record<string, unknown>, cells: string[], extra: Record<string, unknown> = {}) => ({
  'd.csv': `v\n${cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\n')}\n`,
  's.json': json({ fields: [{ name: 'v', ...field }], ...extra }),
})
const run = (files: Record<string, string>) => validate(files, { data: Object.keys(files).find((f) => f.startsWith('d.'))!, schema: 's.json' })

describe('valid descriptors are no longer refused', () => {
  it('arrayItem on an array field is read, not refused as an unknown key: every item is cast as it says', async () => {
    const r = await run(one({ type: 'array', arrayItem: { type: 'integer' } }, ['[1, 2]', '[1, "x"]']))
    expect(r.failures).toEqual([])
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:v'])
  })

  it('missingValues in the v2 object form are read by their value', async () => {
    // two columns: a row of missing values only would be a blank row
    const files = { 'd.csv': 'id,v\n1,1\n2,-99\n', 's.json': json({ fields: [{ name: 'id' }, { name: 'v', type: 'integer' }], missingValues: [{ value: '' }, { value: '-99', label: 'REFUSED' }] }) }
    const r = await run(files)
    expect(r.failures).toEqual([])
    expect(r.code).toBe(0)
  })

  it('language-tagged keys such as title@en are accepted', async () => {
    const r = await run(one({ type: 'integer', 'title@en': 'Value', 'description@fr': 'La valeur' }, ['1'], { 'title@en': 'Table' }))
    expect(r.failures).toEqual([])
    expect(r.code).toBe(0)
  })

  it('extra top-level keys are accepted', async () => {
    const r = await run(one({ type: 'integer' }, ['1'], { owner: 'data team', version: 3, profile: 'tabular-data-resource' }))
    expect(r.failures).toEqual([])
    expect(r.code).toBe(0)
  })

  it('fieldsMatch is accepted and applied: subset lets the data have more columns', async () => {
    const files = (extra: Record<string, unknown>) => ({ 'd.csv': 'v,w\n1,2\n', 's.json': json({ fields: [{ name: 'v', type: 'integer' }], ...extra }) })
    const subset = await run(files({ fieldsMatch: 'subset' }))
    expect(subset.failures).toEqual([])
    expect(subset.code).toBe(0)
    const exact = await run(files({ fieldsMatch: 'exact' }))
    expect(exact.report?.errors.filter((e) => e.type.endsWith('-label')).map((e) => `${e.type}:${e.fieldName}`)).toEqual(['extra-label:w'])
  })

  it('a JSON array of arrays, header row first, is read', async () => {
    const r = await run({ 'd.json': json([['v'], [1], [2]]), 's.json': json({ fields: [{ name: 'v', type: 'integer' }] }) })
    expect(r.failures).toEqual([])
    expect(r.code).toBe(0)
  })
})

describe('formats are read as the spec says', () => {
  it("datetime '%d/%m/%Y %H:%M:%S' accepts 21/11/2006 16:30:00", async () => {
    const r = await run(one({ type: 'datetime', format: '%d/%m/%Y %H:%M:%S' }, ['21/11/2006 16:30:00', '2006-11-21T16:30:00']))
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:v'])
  })

  it("time '%H:%M' rejects 06:00:00 and accepts 06:00", async () => {
    const r = await run(one({ type: 'time', format: '%H:%M' }, ['06:00', '06:00:00']))
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:v'])
  })

  it('geopoint array accepts [180, -90] and rejects 180,90', async () => {
    const r = await run(one({ type: 'geopoint', format: 'array' }, ['[180, -90]', '180,90']))
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:v'])
  })

  it('geopoint object accepts {"lon": …, "lat": …}', async () => {
    const r = await run(one({ type: 'geopoint', format: 'object' }, ['{"lon": 90.5, "lat": 45.5}', '90.5, 45.5']))
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:v'])
  })

  it('bareNumber: false strips the text around an integer', async () => {
    const bare = await run(one({ type: 'integer', bareNumber: false }, ['95%', '€95', 'EUR 95']))
    expect(bare.report?.errors).toEqual([])
    const strict = await run(one({ type: 'integer' }, ['95%']))
    expect(kinds(strict.report?.errors)).toEqual(['type-error@2:v'])
  })

  it('decimalChar "," does not read 1.234 as 1.234', async () => {
    const r = await run(one({ type: 'number', decimalChar: ',' }, ['1,5', '1.234']))
    expect(r.report?.errors.map((e) => `${e.type}:${e.cell}`)).toEqual(['type-error:1.234'])
  })
})
