// Checks a figure's spec against the JSON schema that vega-lite ships (draft-07). Compiling that
// schema takes ~2–3 s, so it is compiled once per process and only when asked for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsCjs from 'ajv-formats';
import type { TopLevelSpec } from 'vega-lite';

const addFormats = addFormatsCjs.default;
const require = createRequire(import.meta.url);

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
    // The schema uses union types and keywords strict mode rejects; color-hex is its own format.
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: false });
    addFormats(ajv);
    ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Schema violations of a Vega-Lite spec ("/path: message"), empty when valid. */
export function vegaLiteErrors(vl: TopLevelSpec): string[] {
  const validate = validator();
  if (validate(vl)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
