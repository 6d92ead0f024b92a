import { expect, it } from 'vitest'
import { memoryCeiling } from '../../../packages/core/src/io/memory-ceiling.ts'

const tick = () => new Promise((resolve) => setImmediate(resolve))

it('collects garbage above the ceiling and leaves the process alone below it', async () => {
  const far = memoryCeiling(1 << 20)
  const near = memoryCeiling(1)
  // an object nothing references once this job is over (a WeakRef keeps it alive until then)
  const ref = (() => new WeakRef({ payload: new Array(1000).fill(7) }))()
  await tick()
  far() // the process is far below this ceiling: no collection
  expect(ref.deref()).toBeDefined()
  await tick()
  near() // above this one: a full collection
  expect(ref.deref()).toBeUndefined()
})
