import { describe, expect, it } from 'vitest'
import { ByteCsvReader } from '../../../packages/core/src/io/bytes-csv.ts'

function parse(text: string | Buffer, chunk = 3, delimiter = ','): { line: number; cells: string[]; nums: number[] }[] {
  const rows: { line: number; cells: string[]; nums: number[] }[] = []
  const r = new ByteCsvReader('t.csv', delimiter, (row) =>
    rows.push({ line: row.line, cells: Array.from({ length: row.count }, (_, i) => row.text(i)), nums: Array.from({ length: row.count }, (_, i) => row.number(i)) }),
  )
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text)
  for (let i = 0; i < buf.length; i += chunk) r.push(buf.subarray(i, i + chunk))
  r.end()
  return rows
}

describe('ByteCsvReader (RFC 4180)', () => {
  it.each([1, 2, 3, 7, 1000])('gives the same rows whatever the chunk size (%i bytes)', (chunk) => {
    const rows = parse('a,b,c\r\n"x, y","he said ""hi""",3\n"multi\nline",,-2.5e3\nlast,row,1', chunk)
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', '3'],
      ['multi\nline', '', '-2.5e3'],
      ['last', 'row', '1'],
    ])
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5])
    expect(rows[2].nums[2]).toBe(-2500)
  })

  it('strips a BOM split across chunks and reads UTF-8 text', () => {
    const rows = parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve,日本\n1,2\n')]), 1)
    expect(rows[0].cells).toEqual(['naïve', '日本'])
  })

  it('parses decimals exactly like Number()', () => {
    const values = ['0.1', '123456.789012', '-0.000001', '999999999999999', '1e-7', '12345678901234567890', '.5', '+3.25', ' 4 ']
    const rows = parse(values.join('\n'), 5)
    expect(rows.map((r) => r.nums[0])).toEqual(values.map((v) => Number(v)))
  })

  it('uses a custom delimiter', () => {
    expect(parse('a;b\n1;2\n', 4, ';').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  it('an unclosed quote names the line it starts on', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow('t.csv: format-error — unclosed quote starting at line 2.')
  })
})
