import { describe, expect, it } from 'vitest'
import { trendTable } from '../../../packages/core/src/tasks/monitor-report.ts'
import { trendChartSvg } from '../../../packages/core/src/monitor/chart.ts'
import { seriesOf } from '../../../packages/core/src/monitor/series.ts'
import { HISTORY_VERSION, WINDOW_KIND } from '../../../packages/core/src/monitor/record.ts'
import type { WindowRecord } from '../../../packages/core/src/monitor/record.ts'

function win(seq: number, columns: number, driftedP: number): WindowRecord {
  return {
    kind: WINDOW_KIND,
    version: HISTORY_VERSION,
    seq,
    window: `w${seq}`,
    at: 't',
    rows: { reference: 1, current: 1 },
    columns: Array.from({ length: columns }, (_, i) => ({
      name: `c${i}`,
      kind: 'numeric',
      role: 'feature',
      method: 'ks',
      statistic: 0.1,
      pValue: i === columns - 1 ? driftedP : 0.5,
      threshold: 0.05,
      drifted: i === columns - 1 && driftedP < 0.05,
      unseen: 0,
      missingShare: 0,
      skipped: null,
    })),
    schema: { added: [], removed: [], typeChanged: [] },
    validation: null,
    metrics: [{ name: 'accuracy', direction: 'higher', value: 0.9 - seq / 100, ci: [0.88 - seq / 100, 0.92 - seq / 100], expected: 0.9, margin: 0.02, status: 'ok', rows: 100 }],
    decision: 'keep',
    reason: '',
    event: null,
    actions: [],
  }
}

describe('the trend table and charts', () => {
  it('shows the last N windows per column and metric with the slope, flags drifted cells and keeps the summary small', () => {
    const records = [1, 2, 3, 4, 5].map((s) => win(s, 3, s >= 4 ? 1e-6 : 0.4))
    const series = seriesOf(records, 4)
    expect(series.map((s) => s.name)).toEqual(['c0', 'c1', 'c2', 'accuracy'])
    expect(series[2].values).toEqual([0.4, 0.4, 1e-6, 1e-6])
    const metric = series[3]
    // accuracy falls 0.01 a window, exactly: slope −0.01, p = 0
    expect(metric.trend!.slope).toBeCloseTo(-0.01, 12)
    expect(metric.trend!.pValue).toBe(0)
    expect(metric.level).toEqual({ value: 0.88, label: 'limit 0.88' })
    const md = trendTable(series)
    expect(md.split('\n')[0]).toBe('| Column / metric | Statistic | w2 | w3 | w4 | w5 | Slope / window |')
    expect(md).toContain('| c2 | p-value (ks) | 0.4 | 0.4 | 1.00e-6 ● | 1.00e-6 ● |')
    const many = seriesOf([win(1, 60, 0.5)], 8)
    expect(trendTable(many)).toMatch(/\n\n21 more columns in the JSON and HTML reports\.$/)
  })

  it('a chart is one small SVG: a point per window, flagged ones red, the level dashed, text escaped', () => {
    const svg = trendChartSvg({ title: 'a<b>', labels: ['1', '2', '3'], values: [0.5, null, 1e-9], flags: [false, false, true], level: { value: 0.05, label: 'threshold 0.05' }, scale: 'p' })
    expect(svg.match(/<circle/g)).toHaveLength(2)
    expect(svg).toContain('class="point flagged"')
    expect(svg).toContain('stroke-dasharray')
    expect(svg).toContain('a&lt;b&gt;')
    expect(svg).not.toContain('<b>')
    expect(svg.length).toBeLessThan(3000)
  })
})
