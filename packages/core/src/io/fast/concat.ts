/** The arrays one after another in one new array of the same kind. */
export function concatTyped<T extends Float64Array | Int32Array>(parts: T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
