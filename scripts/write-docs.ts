// Writes the generated documents: docs/claims.md from the claim registry, and — when
// reports/claims-paper.json exists (make paper writes it) — the README's results block from it.
// `--check` writes nothing and exits 1 when a document differs from what would be generated.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { claimsReference, readmeResults, replaceResults } from '../pipeline/report/markdown.ts';

const check = process.argv.includes('--check');
const outputs: [string, string][] = [['docs/claims.md', claimsReference()]];
const paper = 'reports/claims-paper.json';
if (existsSync(paper)) outputs.push(['README.md', replaceResults(readFileSync('README.md', 'utf8'), readmeResults(JSON.parse(readFileSync(paper, 'utf8'))))]);
let stale = 0;
for (const [file, text] of outputs) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current === text) continue;
  if (check) {
    console.error(`${file} is out of date: run make docs`);
    stale++;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale ? 1 : 0);
