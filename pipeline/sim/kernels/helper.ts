// A helper thread that runs step kernels on a workspace's shared WebAssembly memory while the
// calling thread runs its own share, so one training step can use two cores synchronously.
// Handshake over a small SharedArrayBuffer (Atomics.wait/notify, no event loop on either side):
// the caller writes calls and bumps `seq`; the helper runs them and sets `done = seq`.
// A new memory reaches the helper as a message it pulls with receiveMessageOnPort.
import { MessageChannel, Worker } from 'node:worker_threads';

/** One export call: name index into KERNELS and its i32 arguments. */
export interface Call {
  fn: number;
  args: number[];
}

export const KERNELS = ['forward', 'scaleRows', 'gv', 'gw'] as const;
export const KERNEL = { forward: 0, scaleRows: 1, gv: 2, gw: 3 } as const;

const SEQ = 0,
  DONE = 1,
  COUNT = 2,
  FAILED = 3,
  READY = 4,
  CALLS = 8,
  CTL_INTS = 1024;

// Plain JavaScript (eval'd as CommonJS): the helper needs no TypeScript loader and no files.
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctl, port, module, names } = workerData;
let fns = null, seq = 0;
Atomics.store(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seq);
  const next = Atomics.load(ctl, ${SEQ});
  if (next === seq) continue;
  seq = next;
  try {
    for (let m; (m = receiveMessageOnPort(port)); ) {
      const inst = new WebAssembly.Instance(module, { env: { memory: m.message.memory } });
      fns = names.map((n) => inst.exports[n]);
    }
    for (let c = 0, p = ${CALLS}, count = ctl[${COUNT}]; c < count; c++) {
      const fn = fns[ctl[p]], na = ctl[p + 1];
      fn(...ctl.subarray(p + 2, p + 2 + na));
      p += 2 + na;
    }
    ctl[${FAILED}] = 0;
  } catch (e) {
    ctl[${FAILED}] = 1;
  }
  Atomics.store(ctl, ${DONE}, seq);
  Atomics.notify(ctl, ${DONE});
}`;

export class Helper {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_INTS));
  private readonly port: MessageChannel['port1'];
  private readonly worker: Worker;
  private memory: WebAssembly.Memory | null = null;
  private seq = 0;
  private busy = false;

  constructor(module: WebAssembly.Module) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(HELPER_SOURCE, {
      eval: true,
      workerData: { ctl: this.ctl, port: port2, module, names: KERNELS },
      transferList: [port2],
    });
    // Never keeps the process alive; it is blocked in Atomics.wait between steps.
    this.worker.unref();
    this.port.unref();
    if (Atomics.wait(this.ctl, READY, 0, 30_000) === 'timed-out' && this.ctl[READY] !== 1) {
      void this.worker.terminate();
      throw new Error('kernel helper thread did not start');
    }
  }

  /** Starts `calls` on the helper against `memory`; pair with join(). */
  start(memory: WebAssembly.Memory, calls: Call[]): void {
    if (this.busy) throw new Error('kernel helper is busy');
    if (memory !== this.memory) {
      this.port.postMessage({ memory });
      this.memory = memory;
    }
    let p = CALLS;
    for (const call of calls) {
      if (p + 2 + call.args.length > CTL_INTS) throw new Error('too many kernel calls for one start');
      this.ctl[p] = call.fn;
      this.ctl[p + 1] = call.args.length;
      this.ctl.set(call.args, p + 2);
      p += 2 + call.args.length;
    }
    this.ctl[COUNT] = calls.length;
    this.busy = true;
    Atomics.store(this.ctl, SEQ, ++this.seq);
    Atomics.notify(this.ctl, SEQ);
  }

  /** Waits for the calls of the last start(). */
  join(): void {
    for (let done = Atomics.load(this.ctl, DONE); done !== this.seq; done = Atomics.load(this.ctl, DONE)) {
      Atomics.wait(this.ctl, DONE, done);
    }
    this.busy = false;
    if (this.ctl[FAILED] !== 0) throw new Error('a step kernel failed on the helper thread');
  }
}

let shared: Helper | null = null;

/** The thread's helper, started on first use (one per thread that asks; reused by every workspace). */
export function helperFor(module: WebAssembly.Module): Helper {
  shared ??= new Helper(module);
  return shared;
}
