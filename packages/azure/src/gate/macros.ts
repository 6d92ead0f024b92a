/**
 * Macro expansion as the server does it for a server task's Execute section and a check's fields: `$(name)` is
 * replaced by the variable or input of that name, ignoring case; a macro nobody defines stays as it is.
 */
export type Macros = Readonly<Record<string, string>>

export function expandMacros(text: string, values: Macros): string {
  const byName = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]))
  return text.replace(/\$\(([^()\s]+)\)/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole)
}
