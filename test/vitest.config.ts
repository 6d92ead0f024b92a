import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '..'),
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/helpers/fast-check-seed.ts'],
    // the worker threads' entry, bundled as the builds bundle it
    globalSetup: ['test/global-setup.ts'],
  },
})
