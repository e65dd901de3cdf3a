// Runs one simulation in a worker thread and posts its encoded files (for the determinism test).
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../sim/simulate.ts';
import { encodeRun } from '../sim/encode.ts';

parentPort!.postMessage(encodeRun(workerData.spec, simulate(workerData.spec)));
