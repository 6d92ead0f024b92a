// npm run check:mutations: makes one side of a rule the fast readers share with the row readers
// disagree on purpose, runs the differential tests, and fails unless every mutation is caught.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './bundle.mjs'

const MUTATIONS = [
  {
    what: "the row validator's boolean caster accepts any case (TRUe; the CSV scan does not)",
    file: 'packages/core/src/schema/cast.ts',
    from: 'const text = row.text(j).trim()\n        return yes.has(text)',
    to: "const text = row.text(j).trim()\n        if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true'\n        return yes.has(text)",
    test: 'test/differential/validate-csv.test.ts',
  },
  {
    what: 'the row reader accepts boolean words in any case (tRuE; the column readers do not)',
    file: 'packages/core/src/io/table.ts',
    from: 'this.text(i, text, isBooleanWord(text))',
    to: 'this.text(i, text, isBooleanWord(text) || /^(true|false)$/i.test(text))',
    test: 'test/differential/drift-columns.test.ts',
  },
  {
    what: 'the column readers no longer take TRUE/FALSE for boolean words (the row reader does)',
    file: 'packages/core/src/io/fast/read-columns.ts',
    from: 'words.every(isBooleanWord)',
    to: "words.every((w) => isBooleanWord(w) && w !== 'TRUE' && w !== 'FALSE')",
    test: 'test/differential/drift-columns.test.ts',
  },
  {
    what: 'the column readers no longer treat whitespace-only text cells as missing',
    file: 'packages/core/src/io/fast/column-worker.ts',
    from: "if (MISSING.has(t) || t.trim() === '') return -1",
    to: 'if (MISSING.has(t)) return -1',
    test: 'test/differential/drift-columns.test.ts',
  },
  {
    what: 'the CSV scan trusts a text it has not seen before without its field check',
    file: 'packages/core/src/validate/fast/scan-column.ts',
    from: '    this.checked(buf, s, e, false)\n    memo.set(buf, s, e, h, 1)',
    to: '    memo.set(buf, s, e, h, 1)',
    test: 'test/differential/validate-csv.test.ts',
  },
]

const run = (test) => spawnSync('npx', ['vitest', 'run', '--config', 'test/vitest.config.ts', test], { cwd: ROOT, encoding: 'utf8' })

// a mutation counts as caught only if the same tests pass without it
for (const test of new Set(MUTATIONS.map((m) => m.test))) {
  const r = run(test)
  if (r.status !== 0) throw new Error(`${test} fails without any mutation:\n${r.stdout.slice(-2000)}`)
}

let missed = 0
for (const m of MUTATIONS) {
  const path = join(ROOT, m.file)
  const original = readFileSync(path, 'utf8')
  if (!original.includes(m.from)) throw new Error(`${m.file} no longer holds the code this mutation changes: update scripts/check-mutations.mjs`)
  writeFileSync(path, original.replace(m.from, m.to))
  try {
    const r = run(m.test)
    const caught = r.status !== 0 && /Property failed/.test(r.stdout + r.stderr)
    if (!caught) missed++
    console.log(`${caught ? 'caught' : 'MISSED'}: ${m.what} (${m.test})`)
  } finally {
    writeFileSync(path, original)
  }
}
process.exitCode = missed ? 1 : 0
