// Assembles the WebAssembly text modules into TypeScript modules holding their binaries (base64).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import wabtInit from 'wabt'
import { ROOT } from './bundle.mjs'

/** Each .wat source, the generated module beside it and the name of its exported constant. */
export const WASM_MODULES = [
  { wat: 'packages/core/src/io/fast/csv-kernel.wat', ts: 'packages/core/src/io/fast/csv-kernel.wasm.ts', name: 'CSV_KERNEL_BASE64' },
  { wat: 'packages/core/src/stats/radix-sort.wat', ts: 'packages/core/src/stats/radix-sort.wasm.ts', name: 'RADIX_SORT_BASE64' },
]

export async function wasmModule({ wat, name }) {
  const wabt = await wabtInit()
  const source = await readFile(join(ROOT, wat), 'utf8')
  const module = wabt.parseWat(wat, source)
  module.validate()
  const { buffer } = module.toBinary({})
  module.destroy()
  const base64 = Buffer.from(buffer).toString('base64')
  const file = wat.slice(wat.lastIndexOf('/') + 1)
  return `// Generated from ${file} by \`npm run build\`; do not edit.\nexport const ${name} =\n  '${base64}'\n`
}
