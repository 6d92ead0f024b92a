import { describe, expect, it } from 'vitest'
import type { Field } from '../../packages/core/src/schema/model.ts'
import { fastValidate } from '../../packages/core/src/validate/fast/fast-validate.ts'
import { threadsInProcess } from '../differential/agreement.ts'

// The worker-thread scan reads numbers with the CSV kernel, which knows only the plain grammar of
// cell-rules. A number or integer field whose options change how its text reads (decimalChar, groupChar,
// bareNumber: false) leaves the file to the row validator, rather than be read wrong.

const { files } = threadsInProcess('mlgate-ts-eligible-')

async function scan(field: Omit<Field, 'name'>, cells: string[]) {
  const source = files.write(`v\n${cells.join('\n')}\n`)
  const reasons: string[] = []
  const fast = await fastValidate([source], { fields: [{ name: 'v', ...field }] }, { maxErrors: 10, cwd: files.dir, onFallback: (r) => reasons.push(r) })
  return { answered: fast !== undefined, errors: fast?.validator.errors.total, reasons }
}

describe('number options and the worker-thread scan', () => {
  it('plain number and integer fields are scanned', async () => {
    expect(await scan({ type: 'number' }, ['1.5', '2'])).toEqual({ answered: true, errors: 0, reasons: [] })
    expect(await scan({ type: 'integer', bareNumber: true, decimalChar: '.' }, ['1', '2'])).toEqual({ answered: true, errors: 0, reasons: [] })
  })

  const options: [string, Omit<Field, 'name'>, string[]][] = [
    ['decimalChar', { type: 'number', decimalChar: ',' }, ['1,5', '1.234']],
    ['groupChar', { type: 'number', groupChar: ',' }, ['1234', '1.5']],
    ['bareNumber: false', { type: 'number', bareNumber: false }, ['95', '1.5']],
    ['integer groupChar', { type: 'integer', groupChar: ',' }, ['1', '2']],
    ['integer bareNumber: false', { type: 'integer', bareNumber: false }, ['1', '2']],
  ]
  for (const [name, field, cells] of options)
    it(`${name}: the file is left to the row validator, even when every cell reads as a plain number`, async () => {
      expect(await scan(field, cells)).toEqual({ answered: false, errors: undefined, reasons: [expect.stringMatching(/: number format of 'v'$/)] })
    })
})
