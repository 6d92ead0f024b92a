import type { RunHost, RunStop } from './host.ts'

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const

/** The host of a run that owns its Node process (an action, an Azure task, the mlgate command). */
export function nodeHost(cwd = process.cwd()): RunHost {
  return {
    cwd,
    watch: (onStop) => watchProcess(onStop),
    exit: (code, afterMs) => {
      process.exitCode = code
      if (afterMs <= 0) process.exit(code)
      // the grace lets aborted work clean up; it must not keep an otherwise finished process alive
      setTimeout(() => process.exit(code), afterMs).unref()
    },
  }
}

function watchProcess(onStop: (stop: RunStop) => void): () => void {
  const onSignal = (signal: string) => onStop({ kind: 'signal', signal })
  const onDrain = () => onStop({ kind: 'drained' })
  const onException = (error: unknown) => onStop({ kind: 'crash', origin: 'exception', error })
  const onRejection = (error: unknown) => onStop({ kind: 'crash', origin: 'rejection', error })
  const onExit = (code: number) => onStop({ kind: 'exited', code })
  for (const s of SIGNALS) process.on(s, onSignal)
  process.on('beforeExit', onDrain)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  process.on('exit', onExit)
  return () => {
    for (const s of SIGNALS) process.off(s, onSignal)
    process.off('beforeExit', onDrain)
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
    process.off('exit', onExit)
  }
}
