import { describe, expect, it } from 'vitest'
import { chunk, limitAnnotations, LIMITS, statusDescription, truncateBytes, truncateChars } from '../../../packages/core/src/report/limits.ts'
import { renderMarkdown, thousands } from '../../../packages/core/src/report/markdown.ts'
import { newReport } from '../../../packages/core/src/report/model.ts'

describe('size limits', () => {
  it('a job summary never exceeds 1 MiB and says what was left out', () => {
    const r = newReport('validate-data', 'Validate data')
    r.sections.push({ title: 'rows', markdown: 'ä| long row |\n'.repeat(200_000) })
    const md = renderMarkdown(r)
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(LIMITS.summaryBytes)
    expect(md).toMatch(/truncated: \d+ bytes in all/)
  })

  it('text under the limit is untouched', () => {
    expect(truncateBytes('short', 100)).toBe('short')
    expect(truncateChars('short', 100)).toBe('short')
  })

  it('a comment is cut to 65 536 characters with a note', () => {
    const text = 'x'.repeat(70_000)
    const cut = truncateChars(text, LIMITS.commentChars)
    expect(cut.length).toBeLessThanOrEqual(65_536)
    expect(cut).toMatch(/truncated: \d+ more characters left out/)
  })

  it('a status description is one line of at most 140 characters', () => {
    const d = statusDescription('a\nb ' + 'y'.repeat(200))
    expect(d.length).toBe(140)
    expect(d).not.toContain('\n')
    expect(d.endsWith('…')).toBe(true)
  })

  it('annotations: 10 per level, exactly 10 kept when there are exactly 10', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ level: 'warning' as const, message: `w${i}` }))
    expect(limitAnnotations(ten)).toEqual(ten)
    const mixed = [...ten, ...ten, { level: 'error' as const, message: 'e' }]
    const kept = limitAnnotations(mixed)
    expect(kept.filter((a) => a.level === 'warning')).toHaveLength(10)
    expect(kept.filter((a) => a.level === 'error')).toHaveLength(1)
    expect(kept.find((a) => a.message.startsWith('11 more warnings'))).toBeTruthy()
  })

  it('chunks check-run annotations by 50', () => {
    expect(chunk(Array.from({ length: 120 }), 50).map((c) => c.length)).toEqual([50, 50, 20])
  })
})

it('groups thousands as en-US does, without Intl', () => {
  for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -1234, -999]) expect(thousands(n)).toBe(n.toLocaleString('en-US'))
})
