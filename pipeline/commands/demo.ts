// `repro demo`: one default regression run and its phase summary (a smoke test of the simulator).
import { simulate } from '../sim/simulate.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { analyzePhases, DEFAULT_PHASE_OPTIONS } from '../analysis/phases.ts';
import { intFlag, parseFlags } from './flags.ts';
import { checkThreadsEnv } from './run-options.ts';


export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { steps: { type: 'string' }, seed: { type: 'string' } }, false);
  checkThreadsEnv();
  const spec: RunSpec = { ...DEFAULT_SPEC, steps: intFlag('--steps', values.steps, DEFAULT_SPEC.steps), seed: intFlag('--seed', values.seed, 0, 0) };
  const t0 = performance.now();
  const out = simulate(spec);
  const ms = performance.now() - t0;
  const p = analyzePhases(out.metrics, { ...DEFAULT_PHASE_OPTIONS, beta_norm: spec.beta_norm });
  const L = out.metrics.data.train_loss;
  console.log(`demo: n=${spec.n} d=${spec.d} m=${spec.m} sigma=${spec.sigma} lr=${spec.lr} steps=${spec.steps} seed=${spec.seed}: ${out.status} in ${(ms / 1000).toFixed(2)} s`);
  console.log(`  train loss ${L[0].toExponential(3)} -> ${L[L.length - 1].toExponential(3)}; t1 (alignment) = ${p.t1}, t2 (growth) = ${p.t2}`);
  if (p.rate) console.log(`  refinement: log L falls at rho = ${p.rate.rho.toFixed(4)} per step (R^2 = ${p.rate.r2.toFixed(4)}) over steps ${p.rate.from}-${p.rate.to}`);
  return out.status === 'ok' ? 0 : 1;
}
