import { describe, expect, it } from 'vitest'
import { Progress } from '../../../packages/core/src/progress.ts'
import type { ProgressSink } from '../../../packages/core/src/progress.ts'

function sink(interactive: boolean) {
  const seen: string[] = []
  const s: ProgressSink = { interactive, draw: (l) => seen.push(`draw ${l}`), clear: () => seen.push('clear'), line: (l) => seen.push(`line ${l}`) }
  return { s, seen }
}

describe('progress', () => {
  it('a CI log gets one line per phase and no live redraws', () => {
    const { s, seen } = sink(false)
    let t = 0
    const p = new Progress(s, () => t)
    p.phase('reading 2 files (16 MB)', { bytes: 16e6, files: 2 })
    for (let i = 0; i < 100; i++) {
      t += 100
      p.advance({ bytes: 1e5, rows: 1000 })
    }
    p.phase('comparing 5 columns')
    p.phase('writing the report', {}, true)
    expect(seen).toEqual(['line ── reading 2 files (16 MB)', 'line ── comparing 5 columns'])
    expect(p.current).toBe('writing the report')
  })

  it('a terminal sees nothing for 2 s, then a line with %, rows, rows/s and files, redrawn at most 4 times a second', () => {
    const { s, seen } = sink(true)
    let t = 0
    const p = new Progress(s, () => t)
    p.phase('reading 2 files', { bytes: 1e6, files: 2 })
    for (let i = 0; i < 30; i++) {
      t += 100
      p.advance({ bytes: 1e4, rows: 500, files: i === 20 ? 1 : 0 })
    }
    const draws = seen.filter((l) => l.startsWith('draw'))
    expect(draws.length).toBeGreaterThanOrEqual(3)
    expect(draws.length).toBeLessThanOrEqual(5)
    expect(draws[0]).toBe('draw reading 2 files: 20% · 10,000 rows · 5,000 rows/s · file 1 of 2')
    expect(draws.at(-1)).toMatch(/^draw reading 2 files: 2\d% · 1\d,\d00 rows · 5,000 rows\/s · file 2 of 2$/)
    p.phase('comparing')
    expect(seen.at(-1)).toBe('clear')
    expect(seen.filter((l) => l.startsWith('line'))).toEqual([])
  })
})
