// The one place SIGINT/SIGTERM are handled: they abort a signal instead of exiting, so that an
// executor stops its workers (or cancels its Slurm array) cleanly and no lock update is cut
// short; the caller decides what an abort means (`repro run`: Interrupted, exit 130).

/** Runs `fn` with SIGINT/SIGTERM turned into an abort of the signal it is given. */
export async function withSignals<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => ac.abort(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
