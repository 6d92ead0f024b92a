/** At most `size` jobs at a time, started in the order asked for. */
export function pool(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  // a finished job hands its slot straight to the next waiting one
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
  return async (job) => {
    if (running < size) running++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      return await job()
    } finally {
      release()
    }
  }
}
