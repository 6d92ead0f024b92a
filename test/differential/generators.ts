import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { DataSource } from '../../packages/core/src/io/sources.ts'

// Cells and tables that sit on the edges of the grammars the engines share: missing spellings,
// boolean words in every case, number spellings Number() reads and the kernel does not, quoting.

export const BLANKS = ['', ' ', '  ', '\t', ' \t ']
export const MISSING_SPELLINGS = ['NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'Null', 'None', 'none', '-', '--', '?']
export const BOOLEAN_WORDS = [
  'true',
  'false',
  'True',
  'False',
  'TRUE',
  'FALSE',
  'tRUE',
  'fALSE',
  'tRuE',
  'FaLsE',
  'truE',
  '1',
  '0',
  ' true',
  'false ',
  ' True ',
  'yes',
  'no',
  'Yes',
  'NO',
  'T',
  'F',
  'y',
  'n',
]
/** true and false in every case. */
export const BOOLEAN_CASES = ['true', 'false'].flatMap((w) => Array.from({ length: 1 << w.length }, (_, m) => [...w].map((ch, i) => (m & (1 << i) ? ch.toUpperCase() : ch)).join('')))
export const NUMBER_SPELLINGS = [
  '0x10',
  '0X1f',
  '0o17',
  '0b101',
  '1e5',
  '1E5',
  '1e-7',
  '-1e-7',
  '1e400',
  '-1e400',
  '.5',
  '-.5',
  '+.5',
  '5.',
  '-5.',
  '+1',
  '-0',
  '+0',
  '0',
  '00',
  '007',
  'NaN',
  'nan',
  'inf',
  '-inf',
  '+inf',
  'INF',
  '+INF',
  '-INF',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'infinity',
  '1',
  '2',
  '3',
  '5',
  '10',
  '42',
  '-7',
  '3.14',
  '2.50',
  '1.0',
  '0.1',
  ' 12',
  '12 ',
  ' 12 ',
  '1_000',
  '1,5',
  '12a',
  '- 1',
  '+-1',
  '1..2',
  'e5',
  '.',
  '+',
  '-.',
  '1e',
  '1e+',
  '9007199254740993',
  '123456789012345678',
  '1234567890123456789012',
  '0.1234567890123456',
  '12345.678901234567',
  '99999999999999999',
]
export const TEXTS = [
  'a',
  'b',
  'c',
  'A',
  'B',
  'ab',
  'AB1',
  'XY9',
  'ab1',
  'AB12',
  'x',
  'xx',
  'xxx',
  'é',
  'É',
  'e\u0301',
  '日本',
  '😀',
  '😀x',
  'Ω',
  'ß',
  'a,b',
  'c, d',
  'line\nbreak',
  'two\r\nlines',
  'say "hi"',
  '"',
  '""',
  ',',
  ' lead',
  'trail ',
  ' both ',
  'a b',
  'a@b.co',
  'a@b',
  'not an email',
  'http://x.org/p',
  'x:y',
  'ftp//no',
  '123e4567-e89b-12d3-a456-426614174000',
  '123E4567-E89B-12D3-A456-42661417400',
  'Oslo',
  'Rome, IT',
]

/** Strings of 0–9 characters (ASCII, two-byte, four-byte), to meet length limits on both sides. */
export const LONG_TEXTS = [0, 1, 2, 3, 4, 5, 8, 9].flatMap((n) => ['x'.repeat(n), 'é'.repeat(n), '😀'.repeat(n)]).concat(['y'.repeat(1500), `${'z'.repeat(1100)},${'z'.repeat(10)}`])

export const ENUM_POOL = ['a', 'b', 'A', 'a ', ' a', 'c, d', 'say "hi"', 'é', 'e\u0301', '1', '01', '1.0', 'true', 'x']
export const PATTERNS = ['[A-Z]{2}\\d', 'a|b', '\\p{L}+', '.*,.*', '[^ ]+', 'x{2,3}', 'é+', '\\d+', '.', '(?:ab)*']

export type Flavour = 'integer' | 'number' | 'boolean' | 'text' | 'mixed'
export const FLAVOURS: Flavour[] = ['integer', 'number', 'boolean', 'text', 'mixed']

/** A 16–18 digit decimal (the kernel's double-double path), or a plain one. */
const longDecimal = fc
  .tuple(fc.integer({ min: 16, max: 18 }), fc.integer({ min: 0, max: 18 }), fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }))
  .map(([digits, point, neg, ds]) => {
    const s = ds.slice(0, digits).join('').replace(/^0/, '1')
    const p = Math.min(point, digits)
    return `${neg ? '-' : ''}${s.slice(0, p) || '0'}${p < digits ? `.${s.slice(p)}` : ''}`
  })
const plainNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => v.toFixed(3)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  longDecimal,
)

/** Cells of a column of this flavour: mostly its own kind, often edges and missing spellings. */
export function cellOf(flavour: Flavour): fc.Arbitrary<string> {
  const own: Record<Flavour, fc.Arbitrary<string>> = {
    integer: fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('-0', '+1', '007', '0', '1e5', '5.', '1.0', ' 12', '123456789012345678', '9007199254740993')),
    number: fc.oneof(plainNumber, fc.constantFrom(...NUMBER_SPELLINGS)),
    boolean: fc.oneof({ arbitrary: fc.constantFrom(...BOOLEAN_CASES), weight: 3 }, { arbitrary: fc.constantFrom(...BOOLEAN_WORDS), weight: 1 }),
    text: fc.oneof(fc.constantFrom(...TEXTS), fc.constantFrom(...ENUM_POOL), fc.constantFrom(...LONG_TEXTS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })),
    mixed: fc.oneof(fc.constantFrom(...NUMBER_SPELLINGS), fc.constantFrom(...BOOLEAN_WORDS), fc.constantFrom(...TEXTS)),
  }
  return fc.oneof({ arbitrary: own[flavour], weight: 12 }, { arbitrary: fc.constantFrom(...BLANKS), weight: 2 }, { arbitrary: fc.constantFrom(...MISSING_SPELLINGS), weight: 2 })
}

/** A cell that is never empty and never a missing spelling (for columns that must be fast-path clean). */
export function cleanCellOf(flavour: Flavour): fc.Arbitrary<string> {
  const clean: Record<Flavour, fc.Arbitrary<string>> = {
    integer: fc.integer({ min: -50, max: 50 }).map(String),
    // padded cells are values to every reader (trimmed), and easy to get wrong
    number: fc.oneof({ arbitrary: plainNumber, weight: 6 }, { arbitrary: plainNumber.map((n) => ` ${n}`), weight: 1 }, { arbitrary: plainNumber.map((n) => `${n} `), weight: 1 }),
    boolean: fc.constantFrom('true', 'false', 'True', 'False', 'TRUE', 'FALSE', ' true', 'false ', ' True '),
    text: fc.constantFrom(...TEXTS.filter((t) => t.trim() !== '' && !t.includes('"'))),
    mixed: fc.constantFrom('a', '1'),
  }
  return clean[flavour]
}

export interface CsvShape {
  delimiter: ',' | '\t' | ';'
  eol: '\n' | '\r\n'
  bom: boolean
  finalNewline: boolean
  /** Share of cells quoted although they need not be. */
  quoteShare: number
}

export const csvShape: fc.Arbitrary<CsvShape> = fc.record({
  delimiter: fc.constantFrom(',' as const, ',' as const, ',' as const, '\t' as const, ';' as const),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  finalNewline: fc.boolean(),
  quoteShare: fc.constantFrom(0, 0, 0.1, 1),
})

/** A cell as CSV writes it: quoted when it must be (delimiter, quote, line break) or when the shape says so. */
export function csvCell(cell: string, force: boolean, delimiter = ','): string {
  return force || cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}

/** Data rows: cells, and sometimes a row with a cell too few, too many, or none. */
export function rowsOf(columns: fc.Arbitrary<string>[], rows: { minLength: number; maxLength: number }, ragged = true): fc.Arbitrary<string[][]> {
  const row = fc.tuple(...columns)
  const odd = fc.oneof(
    row.map((r) => r.slice(0, -1)),
    row.map((r) => [...r, 'extra']),
    fc.constant([] as string[]),
  )
  return fc.array(ragged ? fc.oneof({ arbitrary: row, weight: 40 }, { arbitrary: odd, weight: 1 }) : row, rows)
}

export function csvText(header: string[], rows: string[][], shape: CsvShape, forced: (i: number, j: number) => boolean): string {
  const d = shape.delimiter
  const lines = [header.map((h) => csvCell(h, false, d)).join(d), ...rows.map((r, i) => r.map((c, j) => csvCell(c, forced(i, j), d)).join(d))]
  return (shape.bom ? '\uFEFF' : '') + lines.join(shape.eol) + (shape.finalNewline ? shape.eol : '')
}

/** Deterministic "random" choice per cell from the case's own numbers (fast-check shrinks them). */
export function forcedQuotes(seed: number, share: number): (i: number, j: number) => boolean {
  return (i, j) => share >= 1 || (share > 0 && (Math.imul(seed ^ (i * 7919 + j * 104729), 0x9e3779b1) >>> 0) / 2 ** 32 < share)
}

/** Files written for one test file, all removed at the end. */
export function scratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  let n = 0
  return {
    dir,
    /** A new file name in the directory. */
    name(ext: string): string {
      return join(dir, `case-${n++}.${ext}`)
    },
    write(text: string): DataSource & { sha256: string } {
      const path = join(dir, `case-${n++}.csv`)
      const bytes = Buffer.from(text)
      writeFileSync(path, bytes)
      return { path, format: 'csv', gzip: false, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
