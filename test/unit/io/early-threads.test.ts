import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { newThread, startEarlyThreads } from '../../../packages/core/src/worker/threads.ts'
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
  it("are handed out once each, and serve the worker entry's jobs", async () => {
    const file = join(dir, 'one.bin')
    writeFileSync(file, 'abc')
    startEarlyThreads(2)
    expect(started()).toHaveLength(2)
    const w = newThread()
    expect(started()).toHaveLength(1)
    w.postMessage({ kind: 'hash', id: 7, path: file, algorithm: 'sha256' })
    const reply = await new Promise((resolve) => w.on('message', resolve))
    expect(reply).toMatchObject({ kind: 'hash', id: 7, size: 3, digest: createHash('sha256').update('abc').digest('hex') })
    await w.terminate()
  })

  it('a thread that ended before it was handed out is not handed out', async () => {
    startEarlyThreads(1)
    await started()[0].terminate()
    expect(started()).toHaveLength(0)
    const w = newThread()
    expect(started()).toHaveLength(0)
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
