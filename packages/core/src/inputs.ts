import { ConfigurationError } from './errors.ts'
import type { InputSpec, TaskMeta } from './task.ts'

/** Typed access to a task's inputs; every parse error names the input. */
export class TaskInputs {
  constructor(
    private readonly task: TaskMeta,
    private readonly raw: (name: string) => string | undefined,
  ) {}

  private spec(name: string): InputSpec {
    const spec = this.task.inputs[name]
    if (!spec) throw new Error(`Task ${this.task.id} reads undeclared input '${name}'`)
    return spec
  }

  /** Trimmed text, default applied; '' when empty. */
  string(name: string): string {
    const spec = this.spec(name)
    const value = this.raw(name)
    const text = value === undefined || value.trim() === '' ? (spec.default ?? '') : value
    if (spec.required && text.trim() === '') throw new ConfigurationError(`Input '${name}' is required: ${spec.description}`)
    return spec.type === 'multiline' ? text : text.trim()
  }

  optional(name: string): string | undefined {
    const v = this.string(name)
    return v === '' ? undefined : v
  }

  boolean(name: string): boolean {
    const v = this.string(name).toLowerCase()
    if (['true', 'yes', '1', 'on'].includes(v)) return true
    if (['false', 'no', '0', 'off', ''].includes(v)) return false
    throw new ConfigurationError(`Input '${name}' must be true or false, got '${v}'.`)
  }

  number(name: string, range: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = this.string(name)
    if (v === '') return undefined
    const n = Number(v)
    const kind = range.integer || this.spec(name).type === 'integer' ? 'an integer' : 'a number'
    if (!Number.isFinite(n) || (kind === 'an integer' && !Number.isInteger(n))) throw new ConfigurationError(`Input '${name}' must be ${kind}, got '${v}'.`)
    if (range.min !== undefined && n < range.min) throw new ConfigurationError(`Input '${name}' must be at least ${range.min}, got ${v}.`)
    if (range.max !== undefined && n > range.max) throw new ConfigurationError(`Input '${name}' must be at most ${range.max}, got ${v}.`)
    return n
  }

  choice<T extends string>(name: string, choices: readonly T[]): T {
    const v = this.string(name).toLowerCase()
    if (!(choices as readonly string[]).includes(v)) throw new ConfigurationError(`Input '${name}' must be one of ${choices.join(', ')}; got '${v}'.`)
    return v as T
  }

  /** Comma- or newline-separated list, trimmed, empties dropped. */
  list(name: string): string[] {
    return splitList(this.string(name))
  }

  /** `key:value` pairs separated by commas or newlines. */
  map(name: string): Map<string, string> {
    const out = new Map<string, string>()
    for (const item of this.list(name)) {
      const i = item.lastIndexOf(':')
      if (i <= 0 || i === item.length - 1) throw new ConfigurationError(`Input '${name}' expects entries like 'column:value', got '${item}'.`)
      out.set(item.slice(0, i).trim(), item.slice(i + 1).trim())
    }
    return out
  }
}

export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
