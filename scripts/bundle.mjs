// Shared esbuild settings for every generated artifact (metadata, actions, Azure tasks, CLI).
import { build } from 'esbuild'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const ROOT = resolve(import.meta.dirname, '..')

// ESM bundles of CommonJS dependencies call require() for node builtins
const ESM_BANNER = "import { createRequire as __mlgateCreateRequire } from 'node:module';\nconst require = __mlgateCreateRequire(import.meta.url);"

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  absWorkingDir: ROOT,
  legalComments: 'none',
  logLevel: 'error',
  minifySyntax: true,
  minifyWhitespace: true,
  // real identifiers keep stack traces of bug reports readable
  minifyIdentifiers: false,
  charset: 'utf8',
  sourcemap: false,
}

export function bundleEsm(contents, outfile, extra = {}) {
  return build({
    ...common,
    stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
    format: 'esm',
    banner: { js: ESM_BANNER },
    outfile,
    ...extra,
  })
}

/** ESM with code splitting: dependencies behind dynamic import() land in chunks loaded only when used. */
export async function bundleEsmSplit(contents, outfile, extra = {}) {
  const entryDir = join(ROOT, 'node_modules/.cache/mlgate-entries')
  await mkdir(entryDir, { recursive: true })
  const name = outfile.replace(/[^A-Za-z0-9]+/g, '_')
  const entry = join(entryDir, `${name}.ts`)
  await writeFile(entry, contents.replaceAll("from './", "from '../../../"))
  return build({
    ...common,
    entryPoints: { index: entry },
    format: 'esm',
    splitting: true,
    outdir: dirname(outfile),
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: ESM_BANNER },
    ...extra,
  })
}

export function bundleCjs(contents, outfile, extra = {}) {
  return build({
    ...common,
    stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
    format: 'cjs',
    // ESM dependencies read import.meta.url; in CommonJS it is the bundle's own file URL
    define: { 'import.meta.url': '__mlgateImportMetaUrl' },
    banner: { js: "const __mlgateImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    outfile,
    ...extra,
  })
}

/** The worker threads' entry (packages/core/src/worker/main.ts): CommonJS, so it runs beside ESM and CommonJS bundles alike. */
export function bundleWorker(contents, outfile) {
  return build({ ...common, stdin: { contents, resolveDir: ROOT, sourcefile: 'worker.ts', loader: 'ts' }, format: 'cjs', outfile })
}

/** Imports a TypeScript module by bundling it to a temporary ESM file. */
export async function importTs(path) {
  await mkdir(join(ROOT, 'node_modules/.cache'), { recursive: true })
  const dir = await mkdtemp(join(ROOT, 'node_modules/.cache/mlgate-build-'))
  const outfile = join(dir, 'module.mjs')
  try {
    await build({ ...common, minifySyntax: false, minifyWhitespace: false, entryPoints: [resolve(ROOT, path)], format: 'esm', outfile, banner: { js: ESM_BANNER }, packages: 'external' })
    return await import(pathToFileURL(outfile).href)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
