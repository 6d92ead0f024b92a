import { afterAll, beforeAll, expect } from 'vitest'
import { ConfigurationError } from '../../packages/core/src/errors.ts'
import type { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { scratch } from './generators.ts'
import { runThreadsInProcess } from './in-process-threads.ts'

/** What one engine made of a case: a report, or the sentence refusing it, and why a fast engine gave way. */
export type Outcome = { validator?: DatasetValidator; digests?: { path: string; bytes: number; sha256: string }[]; error?: string; reasons: string[] }

/** An engine's run, with a refusal (a ConfigurationError) as its outcome rather than a thrown error. */
export async function refused(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run()
  } catch (e) {
    if (e instanceof ConfigurationError) return { error: e.message, reasons: [] }
    throw e
  }
}

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
