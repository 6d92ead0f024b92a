import { main } from './main.ts'

// a reader that goes away (`mlgate … | head -3`) is not a failure of the run: its verdict stands
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e
  })
}

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
