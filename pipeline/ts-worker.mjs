// Worker threads do not inherit tsx's loader from the parent: register it inside the worker,
// then import the TypeScript entry named in workerData.entry (a file URL string).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
