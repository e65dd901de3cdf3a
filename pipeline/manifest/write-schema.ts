// Writes experiments/schema/manifest.schema.json from schema.ts (run after changing the schema or
// RunSpec: `npx tsx pipeline/manifest/write-schema.ts`).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestSchemaText } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../experiments/schema/manifest.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, manifestSchemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
