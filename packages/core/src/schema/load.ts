import { readFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, resolve } from 'node:path'
import type { ErrorObject } from 'ajv'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError, fileError } from '../errors.ts'
import { didYouMean } from '../text.ts'
import validateShapeCompiled from './shape-validator.generated.ts'
import type { Schema } from './model.ts'
import { schemaReferenceProblem } from './references.ts'
import { DescriptorProblem, dialectProblem, readDescriptor } from './descriptor.ts'

// compiled at build time (scripts/shape-validator.mjs): no run pays for compiling the schema of schemas
const compiled = validateShapeCompiled as unknown as ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null }
function validateShape(doc: unknown): boolean {
  return compiled(doc)
}

/** Reads a JSON or YAML document, naming the file in every error. */
export async function readStructured(path: string, cwd: string, role: string): Promise<unknown> {
  const abs = isAbsolute(path) ? path : resolve(cwd, path)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (e) {
    fileError(e, path, role)
  }
  if (text.trim() === '') throw new ConfigurationError(`The ${role} '${path}' is empty.`)
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(text)
    } catch (e) {
      throw new ConfigurationError(`The ${role} '${path}' is not valid JSON: ${(e as Error).message}.`)
    }
  }
  try {
    const doc = parseYaml(text)
    if (doc === null || typeof doc !== 'object') throw new Error('expected a mapping at the top level')
    return doc
  } catch (e) {
    throw new ConfigurationError(`The ${role} '${path}' is neither JSON nor YAML: ${(e as Error).message.split('\n')[0]}`)
  }
}

/** "/fields/3/constraints" → "fields[3].constraints" */
function where(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean)
  let out = ''
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p
  return out || 'the top level'
}

function describeSchemaError(e: ErrorObject): string {
  const at = where(e.instancePath)
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty
    return `unknown key '${key}' in ${at}${didYouMean(key, Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}))}`
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String)
    return `${at} must be one of ${allowed.join(', ')}${didYouMean(String(e.data), allowed)}`
  }
  if (e.keyword === 'required') return `${at} lacks the required key '${(e.params as { missingProperty: string }).missingProperty}'`
  return `${at} ${e.message}`
}

/** Checks a parsed schema document against the published JSON Schema; the first problem becomes the error. */
async function checkSchemaShape(descriptor: unknown, path: string): Promise<Schema> {
  let doc: unknown
  try {
    doc = readDescriptor(descriptor)
  } catch (e) {
    if (e instanceof DescriptorProblem) throw new ConfigurationError(`The schema '${path}' is invalid: ${e.message}.`)
    throw e
  }
  if (validateShape(doc)) {
    const schema = doc as unknown as Schema
    const problem = schemaReferenceProblem(schema)
    if (problem) throw new ConfigurationError(`The schema '${path}' is invalid: ${problem}.`)
    return schema
  }
  const errors = compiled.errors ?? []
  // the most specific problem first: unknown keys and enums before oneOf noise
  const order = ['additionalProperties', 'enum', 'required', 'type']
  const first = [...errors].sort((a, b) => (order.indexOf(a.keyword) + 1 || 9) - (order.indexOf(b.keyword) + 1 || 9))[0]
  throw new ConfigurationError(`The schema '${path}' is invalid: ${describeSchemaError(first)}.`)
}

interface Resource {
  name?: string
  path?: string | string[]
  schema?: unknown
  dialect?: unknown
}

/** A URL rather than a local path ("https://…", "s3://…"). */
export const isRemotePath = (p: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(p)

/** The resource of a data package that the data is: the one with a path named as a data file, or the only one. */
export function resourceOfData<R extends { path?: unknown }>(resources: R[], dataPaths: string[]): R | undefined {
  const names = new Set(dataPaths.map((p) => basename(p)))
  return resources.find((r) => [r?.path].flat().some((p) => typeof p === 'string' && names.has(basename(p)))) ?? (resources.length === 1 ? resources[0] : undefined)
}

/**
 * Loads an mlgate schema, a Frictionless Table Schema, or a datapackage.json (choosing the resource
 * whose path matches the data, or the only one).
 */
export async function loadSchema(path: string, cwd: string, dataPaths: string[] = []): Promise<Schema> {
  return schemaOfDocument(await readStructured(path, cwd, 'schema file'), path, cwd, dataPaths)
}

/** loadSchema of a document already read from `path` (a data package's resources read once for all their schemas). */
export async function schemaOfDocument(read: unknown, path: string, cwd: string, dataPaths: string[] = []): Promise<Schema> {
  let doc = read
  const resources = (doc as { resources?: Resource[] }).resources
  if (Array.isArray(resources)) {
    const match = resourceOfData(resources, dataPaths)
    if (!match) throw new ConfigurationError(`The data package '${path}' has ${resources.length} resources and none has the path of the data; name the data file as in the package.`)
    const dialect = dialectProblem(match.dialect)
    if (dialect) throw new ConfigurationError(`The resource '${match.name ?? match.path}' in '${path}' cannot be read: ${dialect}.`)
    if (typeof match.schema === 'string' && isRemotePath(match.schema))
      throw new ConfigurationError(
        `The resource '${match.name ?? match.path}' in '${path}' has its schema at a URL (${match.schema}); mlgate reads local files: save the schema beside the package and give its path.`,
      )
    if (typeof match.schema === 'string') doc = await readStructured(resolve(dirname(isAbsolute(path) ? path : resolve(cwd, path)), match.schema), cwd, 'schema file')
    else if (match.schema) doc = match.schema
    else throw new ConfigurationError(`The resource '${match.name ?? match.path}' in '${path}' has no schema.`)
  }
  return checkSchemaShape(doc, path)
}
