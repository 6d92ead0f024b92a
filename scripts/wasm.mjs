// Assembles packages/core/src/io/fast/csv-kernel.wat into a TypeScript module holding the binary (base64).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import wabtInit from 'wabt'
import { ROOT } from './bundle.mjs'

export const KERNEL_WAT = 'packages/core/src/io/fast/csv-kernel.wat'
export const KERNEL_TS = 'packages/core/src/io/fast/csv-kernel.wasm.ts'

export async function kernelModule() {
  const wabt = await wabtInit()
  const source = await readFile(join(ROOT, KERNEL_WAT), 'utf8')
  const module = wabt.parseWat(KERNEL_WAT, source)
  module.validate()
  const { buffer } = module.toBinary({})
  module.destroy()
  const base64 = Buffer.from(buffer).toString('base64')
  return `// Generated from csv-kernel.wat by \`npm run build\`; do not edit.\nexport const CSV_KERNEL_BASE64 =\n  '${base64}'\n`
}
