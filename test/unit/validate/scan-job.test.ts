import { describe, expect, it } from 'vitest'
import type { Schema } from '../../../packages/core/src/schema/model.ts'
import { compilePlan } from '../../../packages/core/src/validate/fast/plan.ts'
import { scanBytes } from '../../../packages/core/src/validate/fast/scan-job.ts'
import { DatasetValidator } from '../../../packages/core/src/validate/validator.ts'

// The scan job is an ordinary function: a chunk's bytes and the plan in, its result out. Its cells
// go through the validator's own field checks, so a rule is decided as the row validator decides it.

/** The scan of the data rows of `csv` (header first) against `schema`, on this thread. */
function scan(schema: Schema, csv: string) {
  const [header, ...rows] = csv.split('\n')
  const names = header.split(',')
  const validator = new DatasetValidator(schema, { maxErrors: 10 })
  validator.startFile('data.csv')
  validator.onHeader(names, 1)
  const plan = compilePlan('data.csv', ',', names, schema, validator.checks)
  if (typeof plan === 'string') throw new Error(plan)
  return scanBytes(plan, Buffer.from(rows.join('\n')))
}

const one = (field: Schema['fields'][number]): Schema => ({ fields: [field] })

describe('scan job', () => {
  it('tallies a clean chunk: counts, moments, extremes, kept values and distinct texts', () => {
    const schema: Schema = {
      fields: [
        { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 }, quality: { median: { min: 0 } } },
        { name: 'amount', type: 'number' },
        { name: 'kind', type: 'string', constraints: { enum: ['a', 'say "hi"'] }, quality: { distinct: { max: 5 } } },
      ],
    }
    const result = scan(schema, 'id,amount,kind\n1,2.5,a\n2,,"say ""hi"""\n3," 1e1 ",a\n')
    expect('dirty' in result).toBe(false)
    if ('dirty' in result) return
    expect(result.rows).toBe(3)
    const [id, amount, kind] = result.columns.map((c) => c.summary)
    expect({ rows: id.rows, numbers: id.numbers, sorted: [...id.sorted!] }).toEqual({ rows: 3, numbers: { count: 3, mean: 2, m2: 2, min: 1, max: 3 }, sorted: [1, 2, 3] })
    expect({ rows: amount.rows, missing: amount.missing, count: amount.numbers?.count, min: amount.numbers?.min, max: amount.numbers?.max }).toEqual({
      rows: 3,
      missing: 1,
      count: 2,
      min: 2.5,
      max: 10,
    })
    expect({ rows: kind.rows, distinct: [...kind.distinct!].sort() }).toEqual({ rows: 3, distinct: ['a', 'say "hi"'] })
  })

  it('gives way with the rule the field check reports broken', () => {
    expect(scan(one({ name: 'n', type: 'integer' }), 'n\n1\n 5\n')).toEqual({ dirty: "breaks 'not a valid integer'" })
    expect(scan(one({ name: 'x', type: 'number', constraints: { minimum: 0 } }), 'x\n1\n"-1"\n')).toEqual({ dirty: "breaks 'below the minimum 0'" })
    expect(scan(one({ name: 'b', type: 'boolean' }), 'b\ntrue\nyes\n')).toEqual({ dirty: "breaks 'not a valid boolean'" })
    expect(scan(one({ name: 'c', type: 'string', constraints: { pattern: '[A-Z]\\d' } }), 'c\nA1\nA1\na1\n')).toEqual({ dirty: "breaks 'does not match the pattern [A-Z]\\d'" })
    expect(scan(one({ name: 't', type: 'string', constraints: { maxLength: 2 } }), 't\nab\n"a""b"\n')).toEqual({ dirty: "breaks 'longer than maxLength 2'" })
    expect(scan({ fields: [{ name: 'm', type: 'number' }], missingValues: ['', 'NA'] }, 'm\nNA\n1\nn/a\n')).toEqual({ dirty: "breaks 'not a valid number'" })
  })

  it("takes the field's own words and spellings, as the row validator does", () => {
    const words = scan(one({ name: 'b', type: 'boolean', trueValues: ['Y'], falseValues: ['N'] }), 'b\nY\nN\n Y \n')
    expect('dirty' in words ? words : words.columns[0].summary.rows).toBe(3)
    expect(scan(one({ name: 'b', type: 'boolean', trueValues: ['Y'], falseValues: ['N'] }), 'b\nY\ntrue\n')).toEqual({ dirty: "breaks 'not a valid boolean'" })
    const missing = scan({ fields: [{ name: 'm', type: 'number' }], missingValues: ['', 'NA'] }, 'm\nNA\n1\nNaN\n')
    expect('dirty' in missing ? missing : [missing.columns[0].summary.missing, missing.columns[0].summary.rows, missing.columns[0].summary.numbers?.count]).toEqual([1, 3, 1])
  })

  it('hands over unique keys: small integers as they came, others sorted, NaN counted', () => {
    const result = scan(one({ name: 'k', type: 'number', constraints: { unique: true } }), 'k\n7\n2.5\n-1\nNaN\n3\n1e9\n')
    expect('dirty' in result ? result : { ...result.columns[0], summary: undefined }).toEqual({
      summary: undefined,
      smallKeys: Float64Array.of(7, 3),
      keyRun: Float64Array.of(-1, 2.5, 1e9),
      nanKeys: 1,
    })
  })

  it('scans an empty chunk to nothing', () => {
    const result = scan(one({ name: 'n', type: 'integer' }), 'n\n')
    expect('dirty' in result ? result : [result.rows, result.columns[0].summary.rows]).toEqual([0, 0])
  })
})
