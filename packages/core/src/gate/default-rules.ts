import { ConfigurationError } from '../errors.ts'
import type { Rule } from './rules.ts'
import { inferDirection } from './rules.ts'
import type { Metrics } from './sources.ts'

/**
 * The policy when no rules are given: no metric of the baseline may regress. A baseline metric the
 * candidate lacks is kept, so its rule fails and names it; a name of unknown direction needs a rule.
 */
export function defaultRules(baseline: Metrics): Rule[] {
  const names = [...baseline.keys()]
  if (!names.length)
    throw new ConfigurationError(
      "Without 'rules' there is nothing to compare: the candidate has none of the metrics computed from 'baseline-predictions'; give 'rules', or 'predictions' for the candidate.",
    )
  const unknown = names.filter((n) => !inferDirection(n))
  if (unknown.length) {
    const [first] = unknown
    const list = unknown.length > 8 ? `${unknown.slice(0, 8).join(', ')} and ${unknown.length - 8} more` : unknown.join(', ')
    throw new ConfigurationError(
      `Without 'rules', every baseline metric is compared, and mlgate cannot tell whether higher or lower is better for ${list}; give 'rules' for ${unknown.length === 1 ? 'it' : 'them'} (e.g. '${first} >= baseline', or ${first}: { direction: higher, max-regression: 0 }).`,
    )
  }
  return names.map((metric) => ({ metric, maxRegression: 0, text: `${metric} no worse than baseline` }))
}
