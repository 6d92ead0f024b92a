import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { expect, it } from 'vitest'
import { ROOT } from '../integration/harness/node.ts'

const CHROMIUM = '/usr/bin/chromium'

it.skipIf(!existsSync(CHROMIUM))(
  'npm run demo ends with an HTML report that renders its charts in Chromium and fetches nothing',
  async () => {
    const demo = spawnSync(process.execPath, [join(ROOT, 'scripts/demo.mjs')], { cwd: ROOT, encoding: 'utf8' })
    expect(demo.status, demo.stderr).toBe(0)
    const line = demo.stdout
      .trim()
      .split('\n')
      .find((l) => l.includes('HTML report'))!
    const htmlPath = join(ROOT, line.split(/\s+/).pop()!)
    expect(existsSync(htmlPath)).toBe(true)

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      const outside: string[] = []
      await page.route('**/*', (route) => {
        const url = route.request().url()
        if (url.startsWith('file://')) return route.continue()
        outside.push(url)
        return route.abort()
      })
      await page.goto(`file://${htmlPath}`)
      const charts = await page.$$eval('svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]))
      expect(charts.length).toBeGreaterThanOrEqual(3)
      for (const [w, h] of charts) {
        expect(w).toBeGreaterThan(100)
        expect(h).toBeGreaterThan(50)
      }
      const bars = await page.$$eval('svg rect.cur', (rects) => rects.filter((r) => r.getBoundingClientRect().height > 0).length)
      expect(bars).toBeGreaterThan(10)
      const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent ?? ''))
      expect(headings.join('|')).toMatch(/Validate data.*Detect drift.*Gate model.*Check reproducibility.*Require approval/)
      expect(outside).toEqual([])
      await page.screenshot({ path: join(htmlPath, '..', 'report.png'), fullPage: false })
    } finally {
      await browser.close()
    }
  },
  120_000,
)
