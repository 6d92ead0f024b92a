import { describe, expect, it } from 'vitest'
import { CSV_KERNEL_BASE64 } from '../../../packages/core/src/io/fast/csv-kernel.wasm.ts'
import { kernelHost } from '../../../packages/core/src/io/fast/kernel-host.ts'
import { rng } from '../../helpers/rng.ts'

// The kernel's decimals must equal JavaScript's Number() bit for bit, or be left to the caller.

const wasm = Buffer.from(CSV_KERNEL_BASE64, 'base64')

/** Parses one numeric column of `cells`; returns the values the kernel read (undefined where it gave up). */
function parseColumn(cells: string[]): (number | undefined)[] {
  const text = Buffer.from(cells.join('\n') + '\n')
  const host = kernelHost(wasm, text.length + 16, [1], 44, cells.length)
  text.copy(host.data)
  const rows = host.parse(0, text.length)
  expect(rows).toBe(cells.length)
  const st = host.status[0]
  const vals = host.numbers[0]!
  return cells.map((_, i) => (st[i] === 0 || st[i] === 3 ? vals[i] : undefined))
}

describe('CSV kernel decimals', () => {
  it('16 to 18 significant digits (how pandas writes float64) equal Number() exactly', () => {
    const r = rng(3)
    const cells: string[] = []
    for (let i = 0; i < 200_000; i++) {
      const digits = 16 + (i % 3)
      let m = String(1 + Math.floor(r() * 9))
      for (let d = 1; d < digits; d++) m += String(Math.floor(r() * 10))
      const frac = 1 + Math.floor(r() * digits)
      const s = frac >= digits ? `0.${m}` : `${m.slice(0, digits - frac)}.${m.slice(digits - frac)}`
      cells.push(i % 2 ? `-${s}` : s)
    }
    // values printed by JavaScript itself (shortest round-trip form, up to 17 digits)
    for (let i = 0; i < 100_000; i++) cells.push(String((r() - 0.5) * 10 ** Math.floor(r() * 6)))
    const got = parseColumn(cells)
    let leftOver = 0
    cells.forEach((c, i) => {
      if (got[i] === undefined) leftOver++
      else if (!Object.is(got[i], Number(c))) throw new Error(`${c}: kernel ${got[i]} vs Number ${Number(c)}`)
    })
    // left over: exponents, and values that sit on a rounding tie (e.g. 6363995145403205.5), which Number() settles
    expect(leftOver).toBeLessThan(cells.length / 500)
  })

  it('short decimals, integers, signs and zeros', () => {
    const cells = ['0', '-0', '+7', '12.50', '.5', '1.', '-0.0', '123456789012345', '1234567890123456789', '0.30000000000000004', '9007199254740993', '4.35', '1e5', 'x']
    const got = parseColumn(cells)
    cells.forEach((c, i) => {
      if (got[i] !== undefined) expect(Object.is(got[i], Number(c)), c).toBe(true)
    })
    expect(got.slice(0, 8).every((v) => v !== undefined)).toBe(true)
    // 19 digits, exponents and text are left to the caller
    expect([got[8], got[12], got[13]]).toEqual([undefined, undefined, undefined])
  })

  it('leading zeros and digit runs of every length (eight at a time, then one by one)', () => {
    const r = rng(9)
    const cells: string[] = ['0000000000.00000000', '00000000', '0.0000000000000000001', '000000001', '00000000.000000001234']
    for (let intDigits = 0; intDigits <= 18; intDigits++)
      for (let fracDigits = 0; fracDigits <= 18 - intDigits; fracDigits++)
        for (const zeros of [0, 3, 8, 9]) {
          const digit = () => String(Math.floor(r() * 10))
          let int = Array.from({ length: intDigits }, digit).join('')
          let frac = Array.from({ length: fracDigits }, digit).join('')
          // leading zeros before the integer part, or after the point when the integer part is zero
          if (intDigits > 0) int = '0'.repeat(zeros) + int
          else frac = '0'.repeat(zeros) + frac
          if (!int && !frac) continue
          cells.push(frac ? `${int}.${frac}` : int)
        }
    const got = parseColumn(cells)
    cells.forEach((c, i) => {
      const significant = c.replace('.', '').replace(/^0+/, '').length
      // up to 15 significant digits and 22 after the point are always the kernel's
      if (significant <= 15 && (c.split('.')[1] ?? '').length <= 22) expect(got[i], c).not.toBeUndefined()
      if (got[i] !== undefined && !Object.is(got[i], Number(c))) throw new Error(`${c}: kernel ${got[i]} vs Number ${Number(c)}`)
    })
  })
})

describe('CSV kernel sums', () => {
  it('without moments counts the same cells and leaves shift, sums and extremes alone', () => {
    const cells = ['1.5', '', '2', '-3.25', 'x', '7']
    // a second column keeps the row with an empty number from being blank
    const text = Buffer.from(cells.map((c) => `${c},a`).join('\n') + '\n')
    const run = (moments: boolean) => {
      const host = kernelHost(wasm, text.length + 16, [1, 0], 44, cells.length, moments)
      text.copy(host.data)
      expect(host.parse(0, text.length)).toBe(cells.length)
      return { sums: Array.from(host.sums[0]!.subarray(0, 9)), values: Array.from(host.numbers[0]!.subarray(0, cells.length)), status: Array.from(host.status[0].subarray(0, cells.length)) }
    }
    const full = run(true)
    const counts = run(false)
    // [count, shift, Σ(v − shift), Σ(v − shift)², min, max, empty, other, with point]
    expect(full.sums).toEqual([4, 1.5, 1.25, 0.25 + 22.5625 + 30.25, -3.25, 7, 1, 1, 2])
    expect(counts.sums).toEqual([4, 0, 0, 0, Infinity, -Infinity, 1, 1, 2])
    expect(counts.status).toEqual(full.status)
    // an empty cell's slot holds NaN: the caller need not visit it
    expect(full.status[1]).toBe(1)
    expect([full.values[1], counts.values[1]]).toEqual([NaN, NaN])
    expect(counts.values.filter((_, i) => full.status[i] !== 1 && full.status[i] !== 2)).toEqual(full.values.filter((_, i) => full.status[i] !== 1 && full.status[i] !== 2))
  })
})
