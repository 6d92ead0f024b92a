import { ConfigurationError } from '../errors.ts'
import { duplicateKeys } from '../profile/index.ts'
import type { Profile } from '../profile/index.ts'
import type { Report } from '../report/model.ts'
import { loadSchema } from '../schema/load.ts'
import type { Schema } from '../schema/model.ts'
import type { TaskContext, TaskResult } from '../task.ts'
import { profileValidationReport } from './validate-data-report.ts'
import type { FAIL_ON, KeyCheck } from './validate-data-report.ts'
import { readNamedProfiles } from './profile.ts'
import { schemaOnProfile } from './validate-data-rules.ts'

/** The key a schema asks to be unique across the dataset: its primary key, else the first field marked unique. */
function wantedKey(schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined
  if (schema.primaryKey) return Array.isArray(schema.primaryKey) ? schema.primaryKey : [schema.primaryKey]
  const unique = schema.fields.find((f) => f.constraints?.unique)
  return unique ? [unique.name] : undefined
}

/**
 * Uniqueness across shards from the profiles' key hashes. Equal keys always hash equal, so no duplicate
 * is missed; two different keys share a b-bit hash with probability 2^-b, so among n keys a duplicate is
 * reported where there is none with probability at most n(n-1)/2 / 2^b (the birthday bound).
 */
function keyCheck(profile: Profile, schema: Schema | undefined): KeyCheck | undefined {
  const fields = wantedKey(schema)
  if (!fields) return undefined
  const keys = profile.keys
  if (!keys || keys.fields.join('\u0000') !== fields.join('\u0000'))
    return {
      fields,
      checked: false,
      keys: 0,
      duplicates: 0,
      hashBits: 0,
      collisionBound: 0,
      why: `the profiles hold no hashes of the key (${fields.join(', ')}): build them with keys: ${fields.join(',')}`,
    }
  const n = Buffer.from(keys.hashes, 'base64').length / (keys.hashBits / 8)
  const collisionBound = Math.min(1, (n * (n - 1)) / 2 / 2 ** keys.hashBits)
  return { fields, checked: true, keys: n, duplicates: duplicateKeys(keys), hashBits: keys.hashBits, collisionBound }
}

/** validate-data on profiles: the dataset rules of the schema on the merged profile, and the key across shards. */
export async function runProfileValidation(ctx: TaskContext, report: Report, o: { failOn: (typeof FAIL_ON)[number] }): Promise<TaskResult> {
  const { inputs } = ctx
  for (const name of ['json-schema', 'infer-schema'] as const)
    if (inputs.optional(name)) throw new ConfigurationError(`Input '${name}' needs every record, and 'data' names profiles: give it the data itself, or leave ${name} out.`)
  const spec = inputs.string('data')
  ctx.progress.phase(`reading the profiles '${spec}'`)
  const { profile, files } = await readNamedProfiles(spec, ctx.cwd, 'profile')
  const schemaPath = inputs.optional('schema')
  const schema = schemaPath ? await loadSchema(schemaPath, ctx.cwd, []) : undefined
  const rules = schema ? schemaOnProfile(profile, schema) : { findings: [], undecided: [], unchecked: [] }
  const key = keyCheck(profile, schema)
  // a finding per duplicated row, as the row validator counts them
  for (const f of rules.findings) if (f.type === 'primary-key' && key?.checked) f.count = key.duplicates
  return profileValidationReport(report, { profile, files, schemaPath, failOn: o.failOn, rules, key })
}
