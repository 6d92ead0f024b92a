import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { resolveSources } from '../io/sources.ts'
import { isRemotePath, readStructured, resourceOfData, schemaOfDocument } from '../schema/load.ts'
import { didYouMean } from '../text.ts'
import type { KeyedTable } from './foreign-keys.ts'

interface PackageResource {
  name?: unknown
  path?: unknown
  data?: unknown
  dialect?: { delimiter?: unknown }
}

/**
 * A resource of the data package `packagePath` that a foreign key references by name: its files
 * (paths relative to the package), its schema and its delimiter; undefined when it is the resource
 * being validated (the one whose path matches the data, as loadSchema picks it), which Frictionless
 * reads as a reference to itself. Anything mlgate cannot read as a table is a sentence naming the
 * resource, never a key checked against nothing.
 */
export async function packageResource(packagePath: string, cwd: string, name: string, dataPaths: string[]): Promise<KeyedTable | undefined> {
  const doc = (await readStructured(packagePath, cwd, 'schema file')) as { resources?: unknown }
  if (!Array.isArray(doc.resources))
    throw new ConfigurationError(
      `A foreign key of '${packagePath}' references resource '${name}': give the datapackage.json that lists it as the schema (a Table Schema alone has no other resources).`,
    )
  const resources = doc.resources as PackageResource[]
  const resource = resources.find((r) => r?.name === name)
  if (!resource)
    throw new ConfigurationError(
      `A foreign key references resource '${name}', which '${packagePath}' does not list${didYouMean(
        name,
        resources.map((r) => String(r?.name)),
      )}.`,
    )
  const paths = [resource.path].flat().filter((p): p is string => typeof p === 'string')
  if (resourceOfData(resources, dataPaths) === resource) return undefined
  if (paths.length === 0) throw new ConfigurationError(`The resource '${name}' of '${packagePath}' has no path (inline data is not read); a foreign key references it.`)
  const remote = paths.find(isRemotePath)
  if (remote) throw new ConfigurationError(`The resource '${name}' of '${packagePath}' is at '${remote}'; mlgate reads referenced resources from local files only.`)
  const base = dirname(isAbsolute(packagePath) ? packagePath : resolve(cwd, packagePath))
  const files = paths.map((p) => relative(cwd, resolve(base, p)) || p)
  const sources = await resolveSources(files, cwd, 'auto', `resource '${name}'`)
  const schema = await schemaOfDocument(doc, packagePath, cwd, files)
  const delimiter = typeof resource.dialect?.delimiter === 'string' ? resource.dialect.delimiter : undefined
  return { name: `resource '${name}' of '${packagePath}'`, sources, schema, cwd, delimiter }
}
