// Progress of `repro run` on stderr: a cli-progress bar on a terminal; otherwise one plain line
// every few seconds and one at the end (logs and CI stay short and readable).
import cliProgress from 'cli-progress';

export interface RunProgress {
  /** One run finished (failed: it ended without a usable result). */
  tick(failed: boolean): void;
  stop(): void;
}

export function formatDuration(ms: number): string {
  if (ms < 9950) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `run: 12/40 done, 0 failed, eta 31s` (eta from the mean time per finished run so far). */
export function progressLine(done: number, total: number, failed: number, elapsedMs: number): string {
  const eta = done === total ? '0s' : done === 0 ? '?' : formatDuration((elapsedMs / done) * (total - done));
  return `run: ${done}/${total} done, ${failed} failed, eta ${eta}`;
}

export function startProgress(total: number, opts: { tty: boolean; stream?: NodeJS.WritableStream; everyMs?: number }): RunProgress {
  const stream = opts.stream ?? process.stderr;
  let done = 0, failed = 0;
  if (opts.tty) {
    const bar = new cliProgress.SingleBar(
      { format: 'run [{bar}] {value}/{total} done, {failed} failed, eta {eta_formatted}', stream: stream as NodeJS.WriteStream, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failed: 0 });
    return {
      tick(f) {
        failed += f ? 1 : 0;
        bar.increment(1, { failed });
      },
      stop: () => bar.stop(),
    };
  }
  const t0 = Date.now();
  const print = (): void => void stream.write(`${progressLine(done, total, failed, Date.now() - t0)}\n`);
  const timer = setInterval(print, opts.everyMs ?? 5000);
  timer.unref();
  let stopped = false;
  return {
    tick(f) {
      done++;
      failed += f ? 1 : 0;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      print();
    },
  };
}
