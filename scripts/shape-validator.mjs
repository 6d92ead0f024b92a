// Compiles the JSON Schema that mlgate schemas must satisfy into standalone validator code (ajv), so that no run
// pays for compiling it: packages/core/schemas/mlgate-schema.schema.json → packages/core/src/schema/shape-validator.generated.ts
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import Ajv from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { ROOT } from './bundle.mjs'

export const SHAPE_SCHEMA = 'packages/core/schemas/mlgate-schema.schema.json'
export const SHAPE_VALIDATOR = 'packages/core/src/schema/shape-validator.generated.ts'

export async function shapeValidatorModule() {
  const schema = JSON.parse(await readFile(join(ROOT, SHAPE_SCHEMA), 'utf8'))
  // unicode: false keeps the code free of ajv runtime imports (lengths of names and patterns count UTF-16 units)
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, unicode: false, logger: false, code: { source: true, esm: true } })
  const code = standaloneCode(ajv, ajv.compile(schema))
  if (/require\(|\bimport\b/.test(code)) throw new Error('the standalone validator imports a runtime module')
  // the schema itself too: the descriptor reader takes the keys it knows from it (schema/descriptor.ts)
  return `/* eslint-disable */\n// Generated from ${SHAPE_SCHEMA} by \`npm run build\` (ajv standalone); do not edit.\n// @ts-nocheck\n${code}\nexport const shapeSchema = ${JSON.stringify(schema)};\n`
}
