// The strict JSON checker agrees with JSON.parse, and says where the first error is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonSyntaxError } from './json-syntax.ts';

const SAMPLE = '{\n  "a": [1, -2.5e-3, 0, true, false, null],\n  "b": { "c": "x\\"y\\u00e9\\n", "d": {} },\n  "e": []\n}\n';

test('valid JSON passes', () => {
  for (const text of [SAMPLE, '0', ' "s" ', '[]', '{}', '-0.0e+1', '[[[]]]']) assert.equal(jsonSyntaxError(text), null, text);
});

test('errors carry the offset of the problem', () => {
  assert.deepEqual(jsonSyntaxError('[1,]'), { offset: 2, message: "trailing comma before ']'" });
  assert.deepEqual(jsonSyntaxError('{"a" 1}'), { offset: 5, message: "expected ':' after a key, found '1'" });
  assert.deepEqual(jsonSyntaxError('{"a": "b'), { offset: 6, message: 'unterminated string' });
  assert.deepEqual(jsonSyntaxError('[01]'), { offset: 2, message: "expected ',' or ']', found '1'" });
  assert.deepEqual(jsonSyntaxError(''), { offset: 0, message: 'expected a value, found the end of the file' });
  assert.deepEqual(jsonSyntaxError('{} x'), { offset: 3, message: "unexpected 'x' after the JSON value" });
  assert.deepEqual(jsonSyntaxError('["\\x"]'), { offset: 2, message: 'invalid escape in a string' });
});

test('accepts exactly what JSON.parse accepts, over many one-character mutations', () => {
  let state = 12345;
  const next = (k: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % k;
  const alphabet = '{}[]",:-+.eE0123456789 \n\\tfnux/';
  for (let trial = 0; trial < 3000; trial++) {
    const i = next(SAMPLE.length);
    const c = alphabet[next(alphabet.length)];
    const op = next(3);
    const text =
      op === 0 ? SAMPLE.slice(0, i) + SAMPLE.slice(i + 1) : op === 1 ? SAMPLE.slice(0, i) + c + SAMPLE.slice(i) : SAMPLE.slice(0, i) + c + SAMPLE.slice(i + 1);
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    assert.equal(jsonSyntaxError(text) === null, parses, JSON.stringify(text));
  }
});
