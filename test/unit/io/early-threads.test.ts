import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { codeThread } from '../../../packages/core/src/io/fast/early-threads.ts'
import { startEarlyThreads } from '../../../packages/core/src/worker/threads.ts'
import { startThreadsForLargeInputs } from '../../../packages/cli/src/early.ts'

const started = () => ((globalThis as Record<symbol, Worker[] | undefined>)[Symbol.for('mlgate.early-threads')] ??= [])
const dir = mkdtempSync(join(tmpdir(), 'mlgate-early-'))

afterEach(async () => {
  await Promise.all(
    started()
      .splice(0)
      .map((w) => w.terminate()),
  )
})

describe('threads started before their code', () => {
  it('run the source handed over later, with its workerData, as a thread started with it would', async () => {
    startEarlyThreads(2)
    expect(started()).toHaveLength(2)
    const source = `const { parentPort, workerData } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(workerData.base + m))`
    const w = codeThread(source, { base: 40 })
    expect(started()).toHaveLength(1)
    w.postMessage(2)
    expect(await new Promise((resolve) => w.once('message', resolve))).toBe(42)
    await w.terminate()
    // with none left, a new thread
    started()
      .splice(0)
      .forEach((x) => void x.terminate())
    const fresh = codeThread(source, { base: 1 })
    fresh.postMessage(1)
    expect(await new Promise((resolve) => fresh.once('message', resolve))).toBe(2)
    await fresh.terminate()
  })

  it('a thread that ended before it was handed out is not handed out', async () => {
    startEarlyThreads(1)
    await started()[0].terminate()
    expect(started()).toHaveLength(0)
    const w = codeThread(`require('node:worker_threads').parentPort.postMessage(require('node:worker_threads').workerData)`, 'fresh')
    expect(await new Promise((resolve) => w.once('message', resolve))).toBe('fresh')
    await w.terminate()
  })

  it('start for large CSV inputs named on the command line only', () => {
    const big = join(dir, 'big.csv')
    writeFileSync(big, Buffer.alloc(9 << 20, 49))
    const small = join(dir, 'small.csv')
    writeFileSync(small, 'a\n1\n')
    startThreadsForLargeInputs(['detect-drift', '--reference', small, '--current', small])
    startThreadsForLargeInputs(['validate-data', '--data', big, '--help'])
    startThreadsForLargeInputs(['validate-data', '--data', 'data/*.csv'])
    startThreadsForLargeInputs(['validate-data', '--data', join(dir, 'missing.csv')])
    startThreadsForLargeInputs(['gate-model', '--predictions', big])
    expect(started()).toHaveLength(0)
    startThreadsForLargeInputs(['detect-drift', `--reference=${big}`, '--current', small])
    expect(started().length).toBeGreaterThan(0)
  })
})
