// Progress of `repro run` on stderr: a cli-progress bar on a terminal; otherwise one plain line
// every few seconds and one at the end (logs and CI stay short and readable).
// The ETA weighs each run by its expected cost (manifest/cost.ts): runs start longest first, so a count
// of finished runs would overstate the time left several times over.
import cliProgress from 'cli-progress';
import { runCost } from '../manifest/cost.ts';
import type { PendingRun } from './types.ts';

export interface RunProgress {
  /** The run `key` finished (failed: it ended without a usable result). */
  tick(key: string, failed: boolean): void;
  stop(): void;
}

export function formatDuration(ms: number): string {
  if (ms < 9950) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * `run: 12/40 done, 0 failed, eta 31s`; `work` is the fraction of the expected cost done (default
 * done/total), and the ETA assumes the rest goes at the rate so far.
 */
export function progressLine(done: number, total: number, failed: number, elapsedMs: number, work = done / total): string {
  const eta = done === total ? '0s' : done === 0 || work <= 0 ? '?' : formatDuration((elapsedMs * (1 - work)) / work);
  return `run: ${done}/${total} done, ${failed} failed, eta ${eta}`;
}

export function startProgress(runs: readonly PendingRun[], opts: { tty: boolean; stream?: NodeJS.WritableStream; everyMs?: number }): RunProgress {
  const stream = opts.stream ?? process.stderr;
  const total = runs.length;
  const cost = new Map(runs.map((r) => [r.key, runCost(r.spec)]));
  const totalCost = [...cost.values()].reduce((a, b) => a + b, 0) || 1;
  let done = 0,
    failed = 0,
    doneCost = 0;
  const count = (key: string, f: boolean): void => {
    done++;
    failed += f ? 1 : 0;
    doneCost += cost.get(key) ?? 0;
  };
  if (opts.tty) {
    // The bar's value is the cost done, so its own ETA is cost-weighted too.
    const bar = new cliProgress.SingleBar(
      { format: 'run [{bar}] {done}/{runs} done, {failed} failed, eta {eta_formatted}', stream: stream as NodeJS.WriteStream, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalCost, 0, { done: 0, runs: total, failed: 0 });
    return {
      tick(key, f) {
        count(key, f);
        bar.update(done === total ? totalCost : doneCost, { done, failed });
      },
      stop: () => bar.stop(),
    };
  }
  const t0 = Date.now();
  const print = (): void => void stream.write(`${progressLine(done, total, failed, Date.now() - t0, doneCost / totalCost)}\n`);
  const timer = setInterval(print, opts.everyMs ?? 5000);
  timer.unref();
  let stopped = false;
  return {
    tick: count,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      print();
    },
  };
}
