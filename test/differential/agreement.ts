import { afterAll, beforeAll, expect } from 'vitest'
import { scratch } from './generators.ts'
import { runThreadsInProcess } from './in-process-threads.ts'

/**
 * A fast engine that gave way saying the data breaks a rule is right only when the row validator
 * found an error; other reasons say the engine does not cover the data, which is always allowed.
 */
export function expectHonestGiveWay(reasons: string[], extension: string, ruleBroken: RegExp, rowErrors: number): void {
  expect(reasons).toHaveLength(1)
  const reason = reasons[0].replace(new RegExp(`^.*?\\.${extension}: `), '')
  if (ruleBroken.test(reason)) expect({ reason, rowErrors: rowErrors > 0 }).toEqual({ reason, rowErrors: true })
}

/**
 * A scratch directory for the file's cases, and worker threads run in this process while its tests run
 * (a real thread costs ~40 ms to start); `withRealThreads` runs a check on real threads instead.
 */
export function threadsInProcess(prefix: string) {
  const files = scratch(prefix)
  let restore: () => void = () => undefined
  beforeAll(() => {
    restore = runThreadsInProcess()
  })
  afterAll(() => {
    restore()
    files.remove()
  })
  const withRealThreads = async (check: () => Promise<void>) => {
    restore()
    try {
      await check()
    } finally {
      restore = runThreadsInProcess()
    }
  }
  return { files, withRealThreads }
}
