import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Ajv from 'ajv'

const DIR = resolve(import.meta.dirname, '../../packages/core/schemas')

/** Validates a JSON report against its published schema; returns ajv's errors or []. */
export function reportSchemaErrors(task: string, report: unknown): unknown[] {
  const ajv = new Ajv({ allErrors: true, strict: false })
  ajv.addSchema(JSON.parse(readFileSync(resolve(DIR, 'report-common.schema.json'), 'utf8')))
  const validate = ajv.compile(JSON.parse(readFileSync(resolve(DIR, `${task}.report.schema.json`), 'utf8')))
  return validate(report) ? [] : (validate.errors ?? [])
}

/** Validates an evidence statement's predicate against schemas/evidence-predicate.schema.json; returns ajv's errors or []. */
export function predicateSchemaErrors(predicate: unknown): unknown[] {
  const ajv = new Ajv({ allErrors: true, strict: true })
  const validate = ajv.compile(JSON.parse(readFileSync(resolve(DIR, 'evidence-predicate.schema.json'), 'utf8')))
  return validate(predicate) ? [] : (validate.errors ?? [])
}
