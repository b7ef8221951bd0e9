// Counts the async jobs a worker has started, so that its `close` can wait for them to finish before
// it releases the session they use (releasing under a running onnxruntime call drops its reply).
export interface InFlight {
  /** Runs `job`, counted until it settles. */
  track<T>(job: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is running. */
  settled(): Promise<void>;
}

export function inFlight(): InFlight {
  let running = 0;
  const waiters: (() => void)[] = [];
  return {
    async track(job) {
      running++;
      try {
        return await job();
      } finally {
        if (--running === 0) for (const w of waiters.splice(0)) w();
      }
    },
    settled: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
