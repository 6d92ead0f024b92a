import Ajv from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { ConfigurationError } from '../errors.ts'
import { readStructured } from '../schema/load.ts'
import type { RecordCheck } from './validator.ts'

/** Compiles a JSON Schema (draft-07 or 2020-12, by its $schema) into a per-record check. */
export async function loadRecordCheck(path: string, cwd: string): Promise<RecordCheck> {
  const doc = (await readStructured(path, cwd, 'JSON Schema')) as { $schema?: string }
  const modern = typeof doc.$schema === 'string' && /2020-12|2019-09/.test(doc.$schema)
  const AjvClass = (modern ? Ajv2020 : Ajv) as unknown as typeof Ajv
  const ajv = new AjvClass({ allErrors: true, strict: false })
  ;(addFormats as unknown as (a: InstanceType<typeof Ajv>) => void)(ajv)
  let validate: ReturnType<typeof ajv.compile>
  try {
    validate = ajv.compile(doc)
  } catch (e) {
    throw new ConfigurationError(`The JSON Schema '${path}' cannot be compiled: ${(e as Error).message}.`)
  }
  return (record) => {
    if (validate(record)) return undefined
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}' ` : 'the record '}${e.message}${e.keyword === 'additionalProperties' ? `: '${(e.params as { additionalProperty: string }).additionalProperty}'` : ''}`,
    )
  }
}
