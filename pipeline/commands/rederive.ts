// `repro rederive DIR --out OUT`: what `repro verify` runs with a bundle's own source (in its
// source/ folder): the bundle's claims, figures, site, lock and documents re-derived from its
// results (artifact/rederive.ts); not meant to be typed by hand.
import { resolve } from 'node:path';
import { rederive } from '../artifact/rederive.ts';
import { command, text } from './command.ts';

export default command({
  summary: "re-derive an extracted bundle's claims, figures and site from its results (run by repro verify)",
  args: { name: 'DIR', help: "the bundle's top folder (repro-artifact/)", min: 1, max: 1 },
  options: {
    out: text({ value: 'DIR', help: 'where the re-derived files go (a fresh folder)', required: true }),
  },
  async run(values, [dir]) {
    await rederive(resolve(dir), resolve(values.out), (line) => console.error(`rederive: ${line}`));
    return 0;
  },
});
