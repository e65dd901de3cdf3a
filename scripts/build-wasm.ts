// Rebuilds pipeline/sim/kernels/step.wat and step.wasm from their generator (step-wat.ts) with
// the pinned `wabt` (package.json). Deterministic: the same text gives the same bytes, which
// kernels.test.ts checks against the committed files. Run: node --import tsx scripts/build-wasm.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { stepWat } from './step-wat.ts';

export const WAT_URL = new URL('../pipeline/sim/kernels/step.wat', import.meta.url);
export const WASM_URL = new URL('../pipeline/sim/kernels/step.wasm', import.meta.url);

/** The text and the binary of the step module. */
export async function assembleStep(): Promise<{ wat: string; wasm: Uint8Array<ArrayBuffer> }> {
  const wat = stepWat();
  const mod = (await wabt()).parseWat('step.wat', wat, { simd: true, threads: true, bulk_memory: true });
  try {
    mod.resolveNames();
    return { wat, wasm: Uint8Array.from(mod.toBinary({ canonicalize_lebs: true }).buffer) };
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { wat, wasm } = await assembleStep();
  writeFileSync(WAT_URL, wat);
  writeFileSync(WASM_URL, wasm);
  // Compiling here catches what wabt's parser lets through (e.g. type errors in SIMD operands).
  new WebAssembly.Module(wasm);
  console.log(`step.wasm: ${wasm.length} bytes`);
}
