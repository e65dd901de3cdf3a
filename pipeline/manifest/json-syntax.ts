// Strict JSON syntax check with the offset of the first error. JSON manifests are parsed with the
// YAML parser (for positions), which also accepts YAML-only syntax (trailing commas, comments,
// bare words); this check rejects those, and V8's JSON.parse messages often lack a position.

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class Fail {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** A manifest needs a few levels; far deeper nesting is refused before it can exhaust the stack. */
export const MAX_DEPTH = 64;

export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const found = () => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const fail = (message: string, at = i): never => {
    throw new Fail(at, message);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };

  function string(): void {
    const start = i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail('control character in a string (escape it)');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('invalid escape in a string');
      } else i++;
    }
    fail('unterminated string', start);
  }

  let depth = 0;
  /** Items of an object or array up to `close`; `item` parses one. */
  function items(close: string, item: () => void): void {
    if (++depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    i++;
    space();
    if (text[i] === close) return void (i++, depth--);
    for (;;) {
      item();
      space();
      if (text[i] === close) return void (i++, depth--);
      if (text[i] !== ',') fail(`expected ',' or '${close}', found ${found()}`);
      const comma = i++;
      space();
      if (text[i] === close) fail(`trailing comma before '${close}'`, comma);
    }
  }

  function value(): void {
    space();
    const c = text[i];
    if (c === '{') {
      items('}', () => {
        space();
        if (text[i] !== '"') fail(`expected a double-quoted key, found ${found()}`);
        string();
        space();
        if (text[i] !== ':') fail(`expected ':' after a key, found ${found()}`);
        i++;
        value();
      });
    } else if (c === '[') items(']', value);
    else if (c === '"') string();
    else if (!number()) {
      const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!literal) fail(`expected a value, found ${found()}`);
      i += literal!.length;
    }
  }

  function number(): boolean {
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) return false;
    i = NUMBER.lastIndex;
    return true;
  }

  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${found()} after the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    throw e;
  }
}
