import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { expect, it } from 'vitest'
import { runTask } from '../../packages/core/src/index.ts'
import { monitorTask } from '../../packages/core/src/tasks/monitor.ts'
import { memoryPlatform } from '../helpers/memory-platform.ts'
import { windowCsv } from '../unit/monitor/helpers.ts'

const CHROMIUM = '/usr/bin/chromium'

/** Four windows (stable, stable, drifted, drifted) through the monitor task, the last one writing the HTML report; returns it and the last summary. */
async function fourWindows(): Promise<{ html: string; summary: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-monitor-chart-'))
  windowCsv(dir, 'ref.csv', { seed: 1 })
  const shifts = [0, 0, 2, 2.5]
  let summary = ''
  for (const [i, shift] of shifts.entries()) {
    windowCsv(dir, `w${i}.csv`, { seed: 10 + i, shift })
    const p = Object.assign(memoryPlatform({ reference: 'ref.csv', current: `w${i}.csv`, history: 'dir:history', 'history-init': 'true', window: `night ${i + 1}`, 'html-report': 'monitor.html' }), {
      kind: 'github' as const,
    })
    expect(await runTask(monitorTask, p, dir)).not.toBe('error')
    summary = p.summaries.at(-1)!
  }
  return { html: join(dir, 'monitor.html'), summary }
}

it.skipIf(!existsSync(CHROMIUM))(
  "the monitor's trend charts render in Chromium, in the HTML report and as the summary's images, and fetch nothing",
  async () => {
    const { html, summary } = await fourWindows()
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      const outside: string[] = []
      await page.route('**/*', (route) => {
        const url = route.request().url()
        if (url.startsWith('file://') || url.startsWith('data:')) return route.continue()
        outside.push(url)
        return route.abort()
      })
      await page.goto(`file://${html}`)
      const charts = await page.$$eval('svg.trend', (svgs) => svgs.map((s) => [s.getBoundingClientRect().width, s.getBoundingClientRect().height, s.getAttribute('aria-label') ?? '']))
      // amount, channel, age: one chart each
      expect(charts.map((c) => String(c[2]).split(':')[0]).sort()).toEqual(['age', 'amount', 'channel'])
      for (const [w, h] of charts) {
        expect(w).toBeGreaterThan(300)
        expect(h).toBeGreaterThan(100)
      }
      // four windows a chart, the drifted windows of amount in red
      const amount = page.locator('svg.trend[aria-label^="amount"]')
      expect(await amount.locator('circle.point').count()).toBe(4)
      const flagged = await amount.locator('circle.flagged').evaluateAll((cs) => cs.map((c) => [c.getAttribute('fill'), c.getBoundingClientRect().width]))
      expect(flagged).toEqual([
        ['#cf222e', 7],
        ['#cf222e', 7],
      ])
      const line = await amount.locator('path.trend-line').evaluate((p) => (p as unknown as { getTotalLength(): number }).getTotalLength())
      expect(line).toBeGreaterThan(200)
      expect(await page.locator('table th').allTextContents()).toEqual(expect.arrayContaining(['night 1', 'night 4', 'Slope / window']))

      // the job summary carries the charts as images (summaries do not render inline SVG): each decodes to a picture
      const images = [...summary.matchAll(/<img alt="[^"]*" src="data:image\/svg\+xml;base64,[^"]+">/g)].map((m) => m[0])
      expect(images.length).toBe(3)
      await page.setContent(`<!doctype html><body>${images.join('')}</body>`)
      const sizes = await page.$$eval('img', async (imgs) => {
        await Promise.all(imgs.map((i) => i.decode()))
        return imgs.map((i) => [i.naturalWidth, i.naturalHeight])
      })
      expect(sizes).toEqual([
        [360, 140],
        [360, 140],
        [360, 140],
      ])
      expect(outside).toEqual([])
      expect(readFileSync(html, 'utf8')).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/)
    } finally {
      await browser.close()
    }
  },
  120_000,
)
