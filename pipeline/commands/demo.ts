// `repro demo`: one default regression run and its phase summary (a smoke test of the simulator).
import { simulate } from '../sim/simulate.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { analyzePhases, DEFAULT_PHASE_OPTIONS } from '../analysis/phases.ts';
import { command, int } from './command.ts';
import { checkThreadsEnv } from './shared.ts';

export default command({
  summary: 'run one default simulation and print its summary',
  options: {
    steps: int({ help: 'gradient descent steps', default: DEFAULT_SPEC.steps }),
    seed: int({ value: 'S', help: 'the run seed', min: 0, default: 0 }),
  },
  async run(values) {
    checkThreadsEnv();
    const spec: RunSpec = { ...DEFAULT_SPEC, steps: values.steps, seed: values.seed };
    const t0 = performance.now();
    const out = simulate(spec);
    const ms = performance.now() - t0;
    const p = analyzePhases(out.metrics, { ...DEFAULT_PHASE_OPTIONS, beta_norm: spec.beta_norm });
    const L = out.metrics.data.train_loss;
    console.log(
      `demo: n=${spec.n} d=${spec.d} m=${spec.m} sigma=${spec.sigma} lr=${spec.lr} steps=${spec.steps} seed=${spec.seed}: ${out.status} in ${(ms / 1000).toFixed(2)} s`,
    );
    console.log(`  train loss ${L[0].toExponential(3)} -> ${L[L.length - 1].toExponential(3)}; t1 (alignment) = ${p.t1}, t2 (growth) = ${p.t2}`);
    if (p.rate)
      console.log(
        `  refinement: log L falls at rho = ${p.rate.rho.toFixed(4)} per step (R^2 = ${p.rate.r2.toFixed(4)}) over steps ${p.rate.from}-${p.rate.to}`,
      );
    return out.status === 'ok' ? 0 : 1;
  },
});
