import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, prettyJson } from './canonical.ts';

const fromBits = (hex: string): number => new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0);

test('RFC 8785 §3.2.2 sample: sorted members, shortest numbers, minimal escapes', () => {
  const input = JSON.parse(
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], ' +
      '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
  );
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('RFC 8785 §3.2.3: members sorted by UTF-16 code units (not code points)', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  assert.equal(
    canonicalJson(input),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
});

test('RFC 8785 Appendix B: IEEE 754 doubles in ECMAScript form', () => {
  const cases: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  for (const [bits, want] of cases) assert.equal(canonicalJson(fromBits(bits)), want, bits);
});

test('NaN, Infinity, lone surrogates and non-JSON values are rejected', () => {
  for (const bad of [NaN, Infinity, -Infinity, { a: [1, NaN] }, '\ud800', { ['\udc00']: 1 }, 1n, () => 0, [undefined], new Date(0), new Float64Array(2)]) {
    assert.throws(() => canonicalJson(bad), TypeError, String(bad));
  }
  assert.equal(canonicalJson('\ud83d\ude00'), '"\ud83d\ude00"'); // a proper pair is fine
});

test('undefined members are skipped like JSON.stringify; nested objects are sorted too', () => {
  assert.equal(canonicalJson({ b: 1, a: undefined, c: { z: [], y: {} } }), '{"b":1,"c":{"y":{},"z":[]}}');
});

test('prettyJson: same content and order, 2-space indent, trailing newline', () => {
  const v = { b: [1, { d: null, c: 'x' }], a: {}, e: [] };
  assert.equal(prettyJson(v), '{\n  "a": {},\n  "b": [\n    1,\n    {\n      "c": "x",\n      "d": null\n    }\n  ],\n  "e": []\n}\n');
  assert.deepEqual(JSON.parse(prettyJson(v)), JSON.parse(canonicalJson(v)));
});
