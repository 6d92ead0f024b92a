import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../../helpers/fast-check-seed.ts'
import { CSV_KERNEL_BASE64 } from '../../../packages/core/src/io/fast/csv-kernel.wasm.ts'
import { kernelHost } from '../../../packages/core/src/io/fast/kernel-host.ts'
import { decimalNumber } from '../../../packages/core/src/schema/cell-rules.ts'

// The kernel is a fast path for part of the one number grammar (schema/cell-rules.ts): every cell it
// reads as a number, that grammar reads too and to the same value; whatever else it leaves to the
// caller, which applies the grammar itself. It never widens the grammar.

const wasm = Buffer.from(CSV_KERNEL_BASE64, 'base64')

/** The value the kernel read from each cell of one numeric column, or undefined where it left the cell. */
function kernelReads(cells: string[]): (number | undefined)[] {
  const text = Buffer.from(cells.join('\n') + '\n')
  const host = kernelHost(wasm, text.length + 16, [1], 44, cells.length)
  text.copy(host.data)
  expect(host.parse(0, text.length)).toBe(cells.length)
  const status = host.status[0]
  return cells.map((_, i) => (status[i] === 0 || status[i] === 3 ? host.numbers[0]![i] : undefined))
}

const numberish = fc.string({ unit: fc.constantFrom(...'0123456789+-.eE x_'.split('')), minLength: 1, maxLength: 24 })
const plain = fc
  .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,9}$/), fc.option(fc.stringMatching(/^[0-9]{0,6}$/)))
  .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`)

describe('the CSV kernel and the number grammar of cell-rules', () => {
  it('reads a cell as a number only when the grammar does, and to the same value', () => {
    fc.assert(
      fc.property(fc.array(numberish, { minLength: 1, maxLength: 40 }), (cells) => {
        const got = kernelReads(cells.map((c) => c.trim() || '0'))
        cells.forEach((raw, i) => {
          const cell = raw.trim() || '0'
          if (got[i] === undefined) return
          expect(decimalNumber(cell), cell).not.toBeUndefined()
          expect(Object.is(got[i], decimalNumber(cell)), cell).toBe(true)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('reads every plain decimal (sign, up to 15 digits, point) itself', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 40 }), (cells) => {
        const got = kernelReads(cells)
        cells.forEach((cell, i) => expect(Object.is(got[i], decimalNumber(cell)), cell).toBe(true))
      }),
      { numRuns: 200 },
    )
  })
})
