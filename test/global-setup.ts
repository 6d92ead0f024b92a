// Core runs from its TypeScript sources under vitest, but its worker threads run the bundled worker
// entry: bundled once per test run to packages/core/dist/worker.cjs (ignored by git), where
// worker/threads.ts looks for it from the sources.
import { join } from 'node:path'
// @ts-expect-error: a JavaScript module without types
import { ROOT, bundleWorker } from '../scripts/bundle.mjs'

export default async function setup(): Promise<void> {
  await bundleWorker(`import './packages/core/src/worker/main.ts'\n`, join(ROOT as string, 'packages/core/dist/worker.cjs'))
}
