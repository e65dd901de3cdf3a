// `repro figures`: render every manifest's figures and write claims.json, numbers.tex and claims.csv (no site).
import { command } from './command.ts';
import { MANIFESTS } from './shared.ts';
import { FIGURE_OPTIONS, runReport } from './report.ts';

export default command({
  summary: 'render every figure; write claims.json, numbers.tex and claims.csv',
  args: MANIFESTS,
  options: FIGURE_OPTIONS,
  run: (values, args) => runReport('figures', values, args, false),
});
