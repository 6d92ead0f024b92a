import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../../packages/core/src/errors.ts'
import { loadSchema } from '../../packages/core/src/schema/load.ts'
import type { Schema } from '../../packages/core/src/schema/model.ts'
import { DESCRIPTOR_CASES } from './cases/types.ts'

// Descriptors written from the Table Schema and Data Package specifications, loaded as validate-data
// loads a user's --schema: a Table Schema file, or a datapackage.json with the data's resource.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-ts-descriptors-'))

async function load(id: string, descriptor: unknown): Promise<Schema> {
  const isPackage = (descriptor as { resources?: unknown }).resources !== undefined
  const path = join(dir, isPackage ? `${id}.datapackage.json` : `${id}.schema.json`)
  writeFileSync(path, JSON.stringify(descriptor))
  return loadSchema(path, dir, ['data.csv'])
}

async function refusal(id: string, descriptor: unknown): Promise<string> {
  const e = await load(id, descriptor).then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e, 'refused').toBeInstanceOf(ConfigurationError)
  return (e as Error).message
}

describe('Table Schema and Data Package descriptors', () => {
  it('has unique case ids', () => {
    expect(new Set(DESCRIPTOR_CASES.map((c) => c.id)).size).toBe(DESCRIPTOR_CASES.length)
  })

  for (const c of DESCRIPTOR_CASES)
    it(`${c.id}: ${c.expect === 'accepted' ? 'accepted' : `refused (${c.expect.refused})`}`, async () => {
      if (c.expect === 'accepted') await expect(load(c.id, c.descriptor)).resolves.toHaveProperty('fields')
      else {
        const message = await refusal(c.id, c.descriptor)
        expect(message).toContain(c.expect.refused)
        expect(message).toMatch(/^The (schema|resource) '.+' (is invalid|in '.+' cannot be read|in '.+' has its schema at a URL).+\.$/)
      }
    })
})

/** Every key the v1 and v2 profiles define (datapackage.org/profiles/{1.0,2.0}/tableschema.json). */
const SPEC_SCHEMA_KEYS = ['$schema', 'fields', 'fieldsMatch', 'foreignKeys', 'missingValues', 'primaryKey', 'uniqueKeys']
const SPEC_FIELD_KEYS = [
  'name',
  'title',
  'description',
  'type',
  'format',
  'example',
  'rdfType',
  'constraints',
  'missingValues',
  'bareNumber',
  'decimalChar',
  'groupChar',
  'trueValues',
  'falseValues',
  'categories',
  'categoriesOrdered',
  'arrayItem',
]
const SPEC_CONSTRAINT_KEYS = ['required', 'unique', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'enum', 'jsonSchema']
const VALUES: Record<string, unknown> = {
  $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
  fieldsMatch: 'exact',
  foreignKeys: [],
  missingValues: [''],
  primaryKey: ['v'],
  uniqueKeys: [['v']],
  categories: [1, 2],
  categoriesOrdered: true,
  arrayItem: { type: 'integer' },
  itemType: 'integer',
  delimiter: ';',
  bareNumber: true,
  decimalChar: '.',
  groupChar: ',',
  trueValues: ['y'],
  falseValues: ['n'],
  required: true,
  unique: true,
  minLength: 1,
  maxLength: 2,
  minimum: 1,
  maximum: 2,
  exclusiveMinimum: 0,
  exclusiveMaximum: 3,
  pattern: '\\d',
  enum: [1, 2],
  jsonSchema: {},
  constraints: {},
  example: 1,
}
const valueOf = (key: string) => VALUES[key] ?? (key === 'type' ? 'integer' : key === 'format' ? 'default' : 'text')

describe('no key of the specs is an unknown key', () => {
  const cases: [string, unknown][] = [
    ...SPEC_SCHEMA_KEYS.map((k): [string, unknown] => [k, { fields: [{ name: 'v', type: 'integer' }], [k]: k === 'fields' ? [{ name: 'v' }] : valueOf(k) }]),
    ...SPEC_FIELD_KEYS.map((k): [string, unknown] => [`fields[0].${k}`, { fields: [{ name: 'v', type: 'integer', [k]: k === 'name' ? 'v' : valueOf(k) }] }]),
    ...SPEC_CONSTRAINT_KEYS.map((k): [string, unknown] => [`fields[0].constraints.${k}`, { fields: [{ name: 'v', type: 'integer', constraints: { [k]: valueOf(k) } }] }]),
  ]
  for (const [key, descriptor] of cases)
    it(`${key}: accepted, or refused as v2 not supported yet`, async () => {
      const id = `key-${key.replace(/[^\w]/g, '_')}`
      const accepted = await load(id, descriptor).then(
        () => true,
        () => false,
      )
      if (!accepted) expect(await refusal(id, descriptor)).toMatch(/ is Table Schema v2, not supported yet\.$/)
    })
})

describe('what the descriptor says becomes the schema mlgate checks', () => {
  it('object missingValues are read by their value, field and schema level', async () => {
    const s = await load('mv', { fields: [{ name: 'v', missingValues: [{ value: '-', label: 'gone' }] }], missingValues: [{ value: '' }, { value: '-99', label: 'REFUSED' }] })
    expect(s.missingValues).toEqual(['', '-99'])
    expect(s.fields[0].missingValues).toEqual(['-'])
  })

  it('fieldsMatch is read into columns: its subset (the data has more) is columns superset', async () => {
    const columns = async (fieldsMatch: string) => (await load(`fm-${fieldsMatch}`, { fields: [{ name: 'v' }], fieldsMatch })).columns
    expect([await columns('exact'), await columns('equal'), await columns('subset'), await columns('superset')]).toEqual(['exact', 'exact', 'superset', 'subset'])
  })

  it('categories become the enum the values must be in; labels and categoriesOrdered change no check', async () => {
    const s = await load('cat', { fields: [{ name: 'v', type: 'integer', categories: [{ value: 0, label: 'a' }, { value: 1 }], categoriesOrdered: true }] })
    expect(s.fields[0].constraints).toEqual({ enum: [0, 1] })
  })

  it('language-tagged and other keys are set aside; a fmt: prefix is dropped', async () => {
    const s = await load('tags', { 'title@en': 'T', owner: 'x', fields: [{ name: 'v', type: 'date', format: 'fmt:%d/%m/%Y', 'title@fr': 'V', unit: 'kg' }] })
    expect(s).toEqual({ fields: [{ name: 'v', type: 'date', format: '%d/%m/%Y' }] })
  })

  it('a key one slip from a spec key is refused as its typo, at any level', async () => {
    expect(await refusal('typo-top', { fields: [{ name: 'v' }], primaryKeys: ['v'] })).toContain("unknown key 'primaryKeys' in the top level — did you mean 'primaryKey'?")
    expect(await refusal('typo-field', { fields: [{ name: 'v', trueValue: ['y'] }] })).toContain("unknown key 'trueValue' in fields[0] — did you mean 'trueValues'?")
    expect(await refusal('typo-cat', { fields: [{ name: 'v', categorie: ['y'] }] })).toContain("did you mean 'categories'?")
  })
})
