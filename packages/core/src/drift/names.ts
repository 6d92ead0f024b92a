import { ConfigurationError } from '../errors.ts'
import { didYouMean } from '../text.ts'

/** The inputs that name columns, with the names each gives. */
export interface NamedColumns {
  columns?: string[]
  exclude?: string[]
  kinds: Map<string, unknown>
  methods: Map<string, unknown>
  critical?: string[]
}

/**
 * Every column an input names must be in the reference or the current data (a typo is the user's
 * mistake, whichever input holds it): one sentence with the closest column name.
 */
export function checkColumnNames(o: NamedColumns, reference: string[], current: string[]): void {
  const known = [...new Set([...reference, ...current])]
  const named: [string, string[]][] = [
    ['columns', o.columns ?? []],
    ['exclude', o.exclude ?? []],
    ['column-types', [...o.kinds.keys()]],
    ['method', [...o.methods.keys()]],
    ['critical-columns', o.critical ?? []],
  ]
  for (const [input, names] of named)
    for (const n of names)
      if (!known.includes(n))
        throw new ConfigurationError(
          `Input '${input}': column '${n}' is in neither the reference nor the current data (columns: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', …' : ''})${didYouMean(n, known) || '.'}`,
        )
}
