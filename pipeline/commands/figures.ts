// `repro figures`: render every manifest's figures and write reports/claims.json (no site).
import { runReport } from './report.ts';

export const run = (args: string[]) => runReport(args, true);
