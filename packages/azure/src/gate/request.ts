import type { Macros } from './macros.ts'
import { expandMacros } from './macros.ts'

interface TaskJson {
  inputs?: { name: string; defaultValue?: string }[]
  execution?: { HttpRequest?: { Execute?: Record<string, string> } }
}

/** One server task's HTTP request, every macro of its Execute section expanded. */
export interface GateRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string
  /** The Expression, macros expanded, evaluated on the JSON answer. */
  expression: string
  /** The inputs as the server resolves them (defaults, given values, their macros expanded against the variables). */
  inputs: Record<string, string>
}

/**
 * The request a server task's HttpRequest handler sends, as the server builds it: each input is its given value or
 * its default, expanded against the pipeline's variables; then `$(…)` throughout Execute is expanded against the
 * inputs and the variables.
 */
export function gateRequest(taskJson: TaskJson, given: Macros, variables: Macros): GateRequest {
  const execute = taskJson.execution?.HttpRequest?.Execute
  if (!execute) throw new Error('the task has no HttpRequest Execute section')
  const inputs: Record<string, string> = {}
  for (const input of taskJson.inputs ?? []) {
    const key = Object.keys(given).find((k) => k.toLowerCase() === input.name.toLowerCase())
    inputs[input.name] = expandMacros(key === undefined ? (input.defaultValue ?? '') : given[key], variables)
  }
  const macros = { ...variables, ...inputs }
  const field = (name: string) => expandMacros(execute[name] ?? '', macros)
  const headers = field('Headers')
  return {
    method: (execute.Method || 'POST').toUpperCase(),
    url: field('EndpointUrl'),
    headers: headers.trim() ? (JSON.parse(headers) as Record<string, string>) : {},
    body: field('Body'),
    expression: field('Expression'),
    inputs,
  }
}
