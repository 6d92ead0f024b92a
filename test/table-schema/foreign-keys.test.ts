import { describe, expect, it } from 'vitest'
import { KeySet, tupleKey } from '../../packages/core/src/validate/foreign-keys.ts'
import { reportSchemaErrors } from '../helpers/report-schema.ts'
import { kinds, validate } from './run.ts'

// Table Schema foreignKeys, checked as frictionless-py v5 checks them (resources/table.py: the
// referenced resource's key tuples collected once into a lookup, rows whose key parts are all
// missing skipped, every other row's tuple looked up, a `foreign-key` error with the row and cells).

const selfSchema = (key: string) =>
  `fields:\n  - { name: id, type: integer }\n  - { name: parent, type: integer }\nforeignKeys:\n  - { fields: parent, reference: { resource: "${key}", fields: id } }\n`

describe('foreign keys within a resource (reference.resource "")', () => {
  it('a value of the key that no row has is a foreign-key error with its row and cell; a row may reference a later row', async () => {
    const r = await validate({ 'd.csv': 'id,parent\n1,3\n2,1\n3,\n4,7\n', 's.yaml': selfSchema('') }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(1)
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@5:parent'])
    expect(r.report?.errors[0]).toMatchObject({ cell: '7', fieldNumber: 2 })
    expect(r.report?.errors[0].message).toMatch(/The foreign key \(parent\) = \(7\) is not found in this resource as \(id\)\./)
    expect(reportSchemaErrors('validate-data', r.report)).toEqual([])
  })

  it('keys are compared as typed values: "03" in an integer field is 3', async () => {
    const r = await validate({ 'd.csv': 'id,parent\n03,\n1,3\n', 's.yaml': selfSchema('') }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.report?.errors).toEqual([])
  })

  it('a compound key: the tuple must be a referenced tuple; a wholly missing tuple is not checked', async () => {
    const schema = 'fields:\n  - { name: a }\n  - { name: b }\n  - { name: pa }\n  - { name: pb }\nforeignKeys:\n  - { fields: [pa, pb], reference: { resource: "", fields: [a, b] } }\n'
    const r = await validate({ 'd.csv': 'a,b,pa,pb\nx,1,,\ny,2,x,1\nz,3,x,2\nw,4,,1\n', 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@4:pa,pb', 'foreign-key@5:pa,pb'])
    expect(r.report?.errors.map((e) => e.cell)).toEqual(['x, 2', ', 1'])
  })

  it('shards form one resource: a key may be in another shard', async () => {
    const r = await validate({ 'p1.csv': 'id,parent\n1,4\n2,9\n', 'p2.csv': 'id,parent\n3,1\n4,\n', 's.yaml': selfSchema('') }, { data: 'p*.csv', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@3:parent'])
    expect(r.report?.errors[0].file).toBe('p1.csv')
  })

  it('a key of two fields referencing one → exit 2', async () => {
    const schema = 'fields:\n  - { name: a }\n  - { name: b }\nforeignKeys:\n  - { fields: [a, b], reference: { resource: "", fields: a } }\n'
    const r = await validate({ 'd.csv': 'a,b\n1,2\n', 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(2)
    expect(r.failures[0]).toMatch(/foreignKeys\[0\] pairs 2 field\(s\) with 1 referenced field\(s\)/)
  })

  it('JSON Lines data is checked alike', async () => {
    const r = await validate({ 'd.jsonl': '{"id": 1}\n{"id": 2, "parent": 1}\n{"id": 3, "parent": 5}\n', 's.yaml': selfSchema('') }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@3:parent'])
  })
})

const citiesPackage = (extra = '') =>
  JSON.stringify({
    name: 'pkg',
    resources: [
      { name: 'cities', path: 'data/cities.csv', schema: { fields: [{ name: 'name', type: 'string' }, { name: 'country' }], primaryKey: 'name' } },
      {
        name: 'people',
        path: 'data/people.csv',
        schema: {
          fields: [{ name: 'who' }, { name: 'city' }, { name: 'boss' }],
          foreignKeys: [
            { fields: 'city', reference: { resource: extra || 'cities', fields: 'name' } },
            { fields: 'boss', reference: { resource: '', fields: 'who' } },
          ],
        },
      },
    ],
  })

describe('foreign keys across the resources of a data package', () => {
  const files = {
    'data/cities.csv': 'name,country\nParis,FR\nBerlin,DE\n',
    'data/people.csv': 'who,city,boss\nann,Paris,\nbob,Rome,ann\ncid,Berlin,zed\n',
  }

  it('each key is looked up in its own resource: the referenced resource’s files (relative to the package) or this one', async () => {
    const r = await validate({ ...files, 'datapackage.json': citiesPackage() }, { data: 'data/people.csv', schema: 'datapackage.json' })
    expect(r.code).toBe(1)
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@3:city', 'foreign-key@4:boss'])
    expect(r.report?.errors[0].message).toMatch(/\(city\) = \(Rome\) is not found in resource 'cities' as \(name\)/)
    expect(r.report?.findings.map((f: { rule: string }) => f.rule)).toEqual(["not found in resource 'cities' (name)", 'not found in this resource (who)'])
  })

  it('a reference by the name of the resource being validated is to the data itself, not to the package’s file', async () => {
    const pkg = JSON.parse(citiesPackage())
    pkg.resources[1].schema.foreignKeys[1].reference.resource = 'people'
    const data = { 'new/people.csv': 'who,city,boss\ndan,Paris,eve\neve,Berlin,\nfay,Paris,ann\n' }
    const r = await validate({ ...files, ...data, 'datapackage.json': JSON.stringify(pkg) }, { data: 'new/people.csv', schema: 'datapackage.json' })
    // ann is in the package's data/people.csv, not in the data validated
    expect(kinds(r.report?.errors)).toEqual(['foreign-key@4:boss'])
    expect(r.report?.errors[0].message).toMatch(/is not found in resource 'people' as \(who\)/)
  })

  it('a resource the package does not list → exit 2 naming it, with a suggestion', async () => {
    const r = await validate({ ...files, 'datapackage.json': citiesPackage('citys') }, { data: 'data/people.csv', schema: 'datapackage.json' })
    expect(r.code).toBe(2)
    expect(r.failures[0]).toMatch(/references resource 'citys', which 'datapackage\.json' does not list — did you mean 'cities'\?/)
    expect(r.report).toBeUndefined()
  })

  it('a referenced field the resource lacks → exit 2', async () => {
    const pkg = JSON.parse(citiesPackage())
    pkg.resources[1].schema.foreignKeys[0].reference.fields = 'town'
    const r = await validate({ ...files, 'datapackage.json': JSON.stringify(pkg) }, { data: 'data/people.csv', schema: 'datapackage.json' })
    expect(r.code).toBe(2)
    expect(r.failures[0]).toMatch(/references field 'town' of resource 'cities' of 'datapackage\.json', which has no such field/)
  })

  it('a referenced resource of inline data is refused, never checked against nothing', async () => {
    const pkg = JSON.parse(citiesPackage())
    delete pkg.resources[0].path
    pkg.resources[0].data = [['name'], ['Paris']]
    const r = await validate({ ...files, 'datapackage.json': JSON.stringify(pkg) }, { data: 'data/people.csv', schema: 'datapackage.json' })
    expect(r.code).toBe(2)
    expect(r.failures[0]).toMatch(/The resource 'cities' of 'datapackage\.json' has no path \(inline data is not read\)/)
  })

  it('a Table Schema alone referencing another resource → exit 2: the package is needed', async () => {
    const schema = 'fields:\n  - { name: city }\nforeignKeys:\n  - { fields: city, reference: { resource: cities, fields: name } }\n'
    const r = await validate({ 'd.csv': 'city\nParis\n', 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(2)
    expect(r.failures[0]).toMatch(/references resource 'cities': give the datapackage\.json that lists it as the schema/)
  })
})

describe('the referenced keys', () => {
  it('hold row ids in a bitset and every other key in a set, typed: 1 and "1" differ, -0 is 0', () => {
    const keys = new KeySet()
    const kept = [0, 1, 2 ** 25 - 1, 2 ** 25, -1, 1.5, 2 ** 40, 'a', '1']
    for (const k of kept) keys.add(tupleKey([k]))
    for (const k of kept) expect({ k, has: keys.has(tupleKey([k])) }).toEqual({ k, has: true })
    for (const k of [2, 2 ** 25 - 2, 2 ** 25 + 1, -2, 2.5, 'b']) expect({ k, has: keys.has(tupleKey([k])) }).toEqual({ k, has: false })
    expect(keys.has(tupleKey([-0]))).toBe(true)
    expect(new KeySet().has(tupleKey([3]))).toBe(false)
    // tuples: parts keyed alike, a missing part as null
    keys.add(tupleKey(['x', 1]))
    expect([keys.has(tupleKey(['x', 1])), keys.has(tupleKey(['x', '1'])), keys.has(tupleKey(['x', null]))]).toEqual([true, false, false])
  })
})
