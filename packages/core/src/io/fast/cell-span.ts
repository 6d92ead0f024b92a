/**
 * The cell of a delimited row that starts at byte `s`: [first byte, end, 1 when it holds doubled
 * quotes to unescape], or undefined when a quote is not closed in `buf`. A quoted cell's span is
 * what lies between its quotes. Runs inside worker threads from its source text: it references
 * nothing outside itself.
 */
export function cellSpan(buf: Uint8Array, s: number, delim: number): [number, number, number] | undefined {
  const n = buf.length
  if (buf[s] !== 34) {
    let e = s
    while (e < n && buf[e] !== delim && buf[e] !== 10 && buf[e] !== 13) e++
    return [s, e, 0]
  }
  let pos = s + 1
  let escaped = 0
  for (;;) {
    if (pos >= n) return undefined
    if (buf[pos] === 34) {
      if (buf[pos + 1] !== 34) return [s + 1, pos, escaped]
      escaped = 1
      pos += 2
    } else pos++
  }
}
