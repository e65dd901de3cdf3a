// `repro figures`: render every manifest's figures and write reports/claims.json (no site, so no --out).
import { command } from './command.ts';
import { MANIFESTS } from './shared.ts';
import { FIGURE_OPTIONS, runReport } from './report.ts';

export default command({
  summary: 'render every figure and write reports/claims.json',
  args: MANIFESTS,
  options: FIGURE_OPTIONS,
  run: (values, args) => runReport('figures', values, args, null),
});
