import { main } from './main.ts'

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e))
    process.stderr.write(`error: ${err.message}\n${err.stack ?? ''}\nThis is a bug in mlgate: please report it with the lines above.\n`)
    process.exitCode = 2
  },
)
