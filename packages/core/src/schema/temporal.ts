/**
 * Dates, times and datetimes as Table Schema reads them: the default forms (XML Schema), `any`, and
 * `<PATTERN>` formats in the syntax of Python / C strptime, with directives anywhere in the pattern.
 * A pattern matches the whole cell, case-insensitively, a run of white space matching any white space
 * (as strptime does); a field left without a part takes strptime's default (1900-01-01, 00:00:00).
 */

/** The parts of a date and time a cell gave; `offset` in minutes east of UTC when it had one. */
export interface Moment {
  y: number
  m: number
  d: number
  H: number
  M: number
  S: number
  /** Fraction of a second. */
  f: number
  offset?: number
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const alternatives = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')

/** Each supported directive: the text it matches (as strptime's own table) and the part it sets. */
const DIRECTIVES: Record<string, { re: string; part?: string }> = {
  Y: { re: '\\d{4}', part: 'Y' },
  y: { re: '\\d{2}', part: 'y' },
  m: { re: '1[0-2]|0[1-9]|[1-9]', part: 'm' },
  d: { re: '3[01]|[12]\\d|0[1-9]|[1-9]| [1-9]', part: 'd' },
  j: { re: '36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9]', part: 'j' },
  H: { re: '2[0-3]|[01]\\d|\\d', part: 'H' },
  I: { re: '1[0-2]|0[1-9]|[1-9]', part: 'I' },
  M: { re: '[0-5]\\d|\\d', part: 'M' },
  S: { re: '6[01]|[0-5]\\d|\\d', part: 'S' },
  f: { re: '\\d{1,6}', part: 'f' },
  p: { re: 'am|pm', part: 'p' },
  z: { re: 'z|[+-]\\d\\d:?[0-5]\\d', part: 'z' },
  B: { re: alternatives(MONTHS), part: 'B' },
  b: { re: alternatives(MONTHS.map((n) => n.slice(0, 3))), part: 'b' },
  A: { re: alternatives(DAYS) },
  a: { re: alternatives(DAYS.map((n) => n.slice(0, 3))) },
  '%': { re: '%' },
}

/** The directives a pattern may use, for messages and the docs. */
export const PATTERN_DIRECTIVES: readonly string[] = Object.keys(DIRECTIVES).map((k) => `%${k}`)

/** The v0 spelling of a pattern ("fmt:%d/%m/%Y"), which the spec says to read without its prefix. */
export function withoutFmtPrefix(format: string): string {
  return format.startsWith('fmt:') ? format.slice(4) : format
}

/** The first directive of a pattern that mlgate cannot read, e.g. '%x'; undefined when it reads them all. */
export function unsupportedDirective(pattern: string): string | undefined {
  for (const m of pattern.matchAll(/%(.?)/g)) if (!Object.hasOwn(DIRECTIVES, m[1])) return `%${m[1]}`
  return undefined
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  return d <= (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1])
}

function offsetOf(text: string): number {
  if (text.toLowerCase() === 'z') return 0
  const sign = text[0] === '-' ? -1 : 1
  const digits = text.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
}

/** The group of each part in a pattern's regular expression; 0 when the pattern does not read it. */
type Groups = Record<'Y' | 'y' | 'm' | 'd' | 'j' | 'H' | 'I' | 'M' | 'S' | 'f' | 'p' | 'z' | 'B' | 'b', number>

/** The moment of the parts a pattern read, or undefined when they do not make one (31 November, 13 PM). */
function momentOf(match: RegExpExecArray, g: Groups): Moment | undefined {
  const y = g.Y ? Number(match[g.Y]) : g.y ? (Number(match[g.y]) < 69 ? 2000 : 1900) + Number(match[g.y]) : 1900
  const monthName = g.B ? match[g.B].toLowerCase() : g.b ? match[g.b].toLowerCase() : undefined
  let m = g.m ? Number(match[g.m]) : monthName ? MONTHS.findIndex((w) => w.startsWith(monthName)) + 1 : 1
  let d = g.d ? Number(match[g.d]) : 1
  if (g.j && !g.m && !g.d) {
    const day = new Date(Date.UTC(y, 0, Number(match[g.j])))
    if (day.getUTCFullYear() !== y) return undefined
    m = day.getUTCMonth() + 1
    d = day.getUTCDate()
  }
  let H = g.H ? Number(match[g.H]) : 0
  if (g.I) H = g.p ? (Number(match[g.I]) % 12) + (match[g.p].toLowerCase() === 'pm' ? 12 : 0) : Number(match[g.I])
  const S = g.S ? Number(match[g.S]) : 0
  if (!validDate(y, m, d) || S > 59) return undefined
  const moment: Moment = { y, m, d, H, M: g.M ? Number(match[g.M]) : 0, S, f: g.f ? Number(`0.${match[g.f]}`) : 0 }
  if (g.z) moment.offset = offsetOf(match[g.z])
  return moment
}

/** A reader of cells written in a strptime pattern (directives checked with unsupportedDirective first). */
export function patternReader(pattern: string): (text: string) => Moment | undefined {
  // the group of each part (a pattern reads a part once: see repeatedDirective)
  const group: Groups = { Y: 0, y: 0, m: 0, d: 0, j: 0, H: 0, I: 0, M: 0, S: 0, f: 0, p: 0, z: 0, B: 0, b: 0 }
  let groups = 0
  let source = ''
  for (const piece of pattern.split(/(%.|\s+)/)) {
    if (piece === '') continue
    const directive = piece.length === 2 && piece[0] === '%' ? DIRECTIVES[piece[1]] : undefined
    if (directive?.part) {
      group[directive.part as keyof Groups] = ++groups
      source += `(${directive.re})`
    } else if (directive) source += `(?:${directive.re})`
    else if (/^\s+$/.test(piece)) source += '\\s+'
    else source += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  const re = new RegExp(`^${source}$`, 'i')
  return (text) => {
    const match = re.exec(text)
    return match ? momentOf(match, group) : undefined
  }
}

/** The first directive a pattern has twice ('%d' in '%d/%d'), which strptime refuses too; undefined when none. */
export function repeatedDirective(pattern: string): string | undefined {
  const seen = new Set<string>()
  for (const m of pattern.matchAll(/%(.)/g)) {
    const part = DIRECTIVES[m[1]]?.part
    if (!part) continue
    if (seen.has(part)) return `%${m[1]}`
    seen.add(part)
  }
  return undefined
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/

/** The default form of a date: yyyy-mm-dd. */
export function defaultDate(text: string): Moment | undefined {
  const m = DATE.exec(text)
  return m && validDate(+m[1], +m[2], +m[3]) ? { y: +m[1], m: +m[2], d: +m[3], H: 0, M: 0, S: 0, f: 0 } : undefined
}

/** The default form of a datetime (XML Schema dateTime): date, time with seconds, optional fraction and zone. */
export function defaultDateTime(text: string): Moment | undefined {
  const m = DATETIME.exec(text)
  if (!m || !validDate(+m[1], +m[2], +m[3]) || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) return undefined
  const moment: Moment = { y: +m[1], m: +m[2], d: +m[3], H: +m[4], M: +m[5], S: +m[6], f: Number(m[7] ?? '0') }
  if (m[8]) moment.offset = offsetOf(m[8])
  return moment
}

/** The default form of a time: hh:mm:ss with an optional fraction. */
export function defaultTime(text: string): Moment | undefined {
  const m = TIME.exec(text)
  if (!m || +m[1] > 23 || +m[2] > 59 || +m[3] > 59) return undefined
  return { y: 1900, m: 1, d: 1, H: +m[1], M: +m[2], S: +m[3], f: Number(m[4] ?? '0') }
}

/** `any`: the default forms first, then what JavaScript's Date reads (a cell without a zone read as UTC). */
export function anyMoment(text: string, kind: 'date' | 'datetime' | 'time'): Moment | undefined {
  const strict = kind === 'date' ? defaultDate(text) : kind === 'time' ? defaultTime(text) : defaultDateTime(text)
  if (strict) return strict
  if (kind === 'time') return ANY_TIMES.map((r) => r(text)).find((t) => t !== undefined)
  // a cell without a zone is read as UTC (JavaScript would read it in the machine's zone); one with a zone as written
  const asUtc = Date.parse(`${text} UTC`)
  const t = Number.isNaN(asUtc) ? Date.parse(text) : asUtc
  if (Number.isNaN(t)) return undefined
  const at = new Date(t)
  return { y: at.getUTCFullYear(), m: at.getUTCMonth() + 1, d: at.getUTCDate(), H: at.getUTCHours(), M: at.getUTCMinutes(), S: at.getUTCSeconds(), f: at.getUTCMilliseconds() / 1000 }
}

const ANY_TIMES = ['%H:%M', '%H:%M:%S.%f', '%I:%M %p', '%I:%M:%S %p', '%I %p', '%H:%M:%S%z'].map(patternReader)

/** A moment as the value of a date field: 'YYYY-MM-DD'. */
export function dateValue(t: Moment): string {
  return `${String(t.y).padStart(4, '0')}-${String(t.m).padStart(2, '0')}-${String(t.d).padStart(2, '0')}`
}

/** A moment as the value of a datetime field: epoch milliseconds (UTC when the cell had no zone). */
export function dateTimeValue(t: Moment): number {
  let ms = Date.UTC(t.y, t.m - 1, t.d, t.H, t.M, t.S)
  if (t.y < 100) {
    // Date.UTC reads years 0–99 as 1900–1999
    const day = new Date(ms)
    day.setUTCFullYear(t.y)
    ms = day.getTime()
  }
  return ms + Math.round(t.f * 1e6) / 1e3 - (t.offset ?? 0) * 60_000
}

/** A moment as the value of a time field: seconds since midnight. */
export function timeValue(t: Moment): number {
  return t.H * 3600 + t.M * 60 + t.S + t.f
}
