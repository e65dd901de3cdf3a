// Reads a figure's words as a reviewer would and holds them against its runs: what the subtitle
// and the caption's first sentence name as fixed must be one value over the runs, what they name
// as varied must take exactly the values stated, every parameter that varies among the plotted
// runs must be named with its encoding, the run count and its breakdown must match, and no
// number may read NaN. Nothing here reuses the figures' own wording code: it parses the text.
import type { FigureSpec, RunView } from '../figures/types.ts';

/** A reader's symbol -> the run field it names (a grid parameter or a spec field). */
const FIELDS: Record<string, string> = {
  'n/d': 'n_per_d',
  σ: 'sigma',
  lr: 'lr',
  init: 'init',
  train: 'train',
  loss: 'loss',
  case: 'case',
  task: 'task',
  method: 'method',
  v_scale: 'v_scale',
  n: 'n',
  d: 'd',
  m: 'm',
};
const SYMBOL = Object.keys(FIELDS)
  .map((s) => s.replace('/', '\\/'))
  .join('|');
const ASSIGN = new RegExp(`(?<![\\w/₁₂])(${SYMBOL}) = (∞|[^\\s,;:()]*[^\\s,;:().])`, 'g');
const SET = new RegExp(`(?<![\\w/])(${SYMBOL}) ∈ \\{([^}]*)\\}(?: \\(([^)]*)\\))?`, 'g');
const RANGE = new RegExp(`(?<![\\w/])(${SYMBOL}) from (\\S+) to (\\S+) \\((\\d+) values(?:, ([^)]*))?\\)`, 'g');
const ENCODINGS = ['colour', 'panels', 'x axis', 'line style', 'one run each'];
/** Plural words of the breakdown ("2 inits"); symbols stay as they are ("2 n", "4 lr"). */
const WORDS: Record<string, string> = {
  inits: 'init',
  cases: 'case',
  losses: 'loss',
  'training modes': 'train',
  methods: 'method',
  tasks: 'task',
  seeds: 'seed',
  seed: 'seed',
};

type Value = number | string | null;

/** A run's value of a field (undefined when the run has no such field). */
function valueOf(run: RunView, field: string): Value | undefined {
  if (field in run.params) return run.params[field];
  if (!(field in run.spec)) return undefined;
  const v = (run.spec as unknown as Record<string, unknown>)[field];
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/** Whether any run has the field at all (n/d exists only where the grid sweeps it). */
const known = (runs: RunView[], field: string) => runs.some((r) => valueOf(r, field) !== undefined);

const distinct = (runs: RunView[], field: string): Value[] => {
  const out: Value[] = [];
  for (const r of runs) {
    const v = valueOf(r, field) ?? null;
    if (!out.some((o) => same(o, v))) out.push(v);
  }
  return out;
};

/** Text and value agree: numbers to the 3 significant digits the figures print; ∞ is n = null. */
function matches(text: string, v: Value): boolean {
  if (text === '∞') return v === null;
  if (typeof v === 'number') {
    const x = Number(text);
    return Number.isFinite(x) && Math.abs(x - v) <= 5e-3 * Math.abs(v);
  }
  return text === String(v);
}
const same = (a: Value, b: Value) => a === b;
const show = (vs: Value[]) => vs.map((v) => (v === null ? '∞' : String(v))).join(', ');

/** Runs the figure's data draw: rows carry the first 12 characters of their run's key. */
export function plottedRuns(fig: FigureSpec, given: RunView[]): RunView[] | null {
  const datasets = ((fig.vl as { datasets?: Record<string, Record<string, unknown>[]> }).datasets ?? {}) as Record<string, Record<string, unknown>[]>;
  const ids = new Set<string>();
  for (const rows of Object.values(datasets)) for (const row of rows) if (typeof row.run === 'string') ids.add(row.run);
  if (ids.size === 0) return null;
  return given.filter((r) => ids.has(r.key.slice(0, 12)));
}

function subtitleOf(fig: FigureSpec): string {
  const t = (fig.vl as { title?: unknown }).title;
  const sub = t && typeof t === 'object' ? (t as { subtitle?: string | string[] }).subtitle : undefined;
  return Array.isArray(sub) ? sub.join('; ') : (sub ?? '');
}

/** The caption's first sentence: up to the first period that ends a sentence. */
export function firstSentence(caption: string): string {
  const m = /\.(\s|$)/.exec(caption);
  return m ? caption.slice(0, m.index) : caption;
}

/** Every way the figure's words contradict its runs (empty when they agree). */
export function captionProblems(fig: FigureSpec, given: RunView[]): string[] {
  const problems: string[] = [];
  const say = (s: string) => problems.push(`${fig.name}: ${s}`);
  const subtitle = subtitleOf(fig);
  const sentence = firstSentence(fig.caption);
  const rest = fig.caption.slice(sentence.length);

  for (const [what, text] of [
    ['title', fig.title],
    ['subtitle', subtitle],
    ['caption', fig.caption],
    ['alt text', fig.alt],
  ])
    if (/\b(NaN|undefined|Infinity|null)\b/.test(text)) say(`the ${what} reads a missing value as a raw word: "${text}"`);
  const datasets = ((fig.vl as { datasets?: Record<string, Record<string, unknown>[]> }).datasets ?? {}) as Record<string, Record<string, unknown>[]>;
  for (const [name, rows] of Object.entries(datasets))
    for (const row of rows)
      for (const [k, v] of Object.entries(row))
        if (v === null || (typeof v === 'number' && !Number.isFinite(v)) || (typeof v === 'string' && /\bNaN\b/.test(v))) {
          say(`dataset ${name} has ${k} = ${String(v)} (a tooltip would show it)`);
          break;
        }

  if (fig.caption.startsWith('No data:')) return problems;
  const plotted = plottedRuns(fig, given) ?? given.filter((r) => r.status !== 'failed');

  // Statements of the setting: a value named as fixed must be the one value of every run.
  for (const [where, text] of [
    ['subtitle', subtitle],
    ["caption's first sentence", sentence],
  ]) {
    for (const [, sym, text2] of text.matchAll(ASSIGN)) {
      const values = distinct(given, FIELDS[sym]);
      if (values.length > 1) say(`the ${where} names ${sym} = ${text2} as fixed, but ${sym} takes ${values.length} values over the runs (${show(values)})`);
      else if (!matches(text2, values[0])) say(`the ${where} says ${sym} = ${text2}, but every run has ${sym} = ${show(values)}`);
    }
    for (const [, sym, list, enc] of text.matchAll(SET)) {
      const stated = list.split(', ');
      const values = distinct(given, FIELDS[sym]);
      const ok = stated.length === values.length && values.every((v) => stated.some((s) => matches(s, v)));
      if (!ok) say(`the ${where} says ${sym} ∈ {${list}}, but the runs have ${sym} ∈ {${show(values)}}`);
      if (enc !== undefined && !ENCODINGS.some((e) => enc.includes(e))) say(`the ${where} gives ${sym} an unknown encoding (${enc})`);
    }
    for (const [, sym, lo, hi, k] of text.matchAll(RANGE)) {
      const values = distinct(given, FIELDS[sym]).filter((v): v is number => typeof v === 'number');
      const min = Math.min(...values),
        max = Math.max(...values);
      if (!matches(lo, min) || !matches(hi, max) || Number(k) !== values.length)
        say(`the ${where} says ${sym} from ${lo} to ${hi} (${k} values), but the runs have ${values.length} values from ${min} to ${max}`);
    }
  }

  // Every parameter the plotted runs differ in is named as varied, with how it is shown.
  const params = [...new Set(plotted.flatMap((r) => Object.keys(r.params)))].filter((p) => p !== 'seed');
  for (const p of params) {
    const values = distinct(plotted, p);
    if (values.length < 2) continue;
    const sym = Object.keys(FIELDS).find((s) => FIELDS[s] === p) ?? p;
    const named = [...subtitle.matchAll(SET), ...subtitle.matchAll(RANGE)].find((m) => m[1] === sym);
    if (!named) say(`the plotted runs differ in ${sym} (${show(values)}) but the subtitle does not name it as varied: runs are pooled silently`);
    else if (!ENCODINGS.some((e) => named[0].includes(e))) say(`the subtitle names ${sym} as varied but not how it is shown (${named[0]})`);
  }

  // The run count and its breakdown.
  const total = /(?:= )?(\d+) runs?\b/.exec(sentence);
  if (!total) say(`the caption's first sentence gives no run count: "${sentence}"`);
  else if (Number(total[1]) !== given.length) say(`the caption counts ${total[1]} runs, but the figure was given ${given.length}`);
  const product = /^((?:\d+ [^×=]+ × )*\d+ [^×=]+) = (\d+) runs?/.exec(sentence);
  if (product) {
    const factors = product[1].split(' × ').map((f) => /^(\d+) (.+)$/.exec(f.trim())!);
    const n = factors.reduce((k, f) => k * Number(f[1]), 1);
    if (n !== Number(product[2])) say(`the breakdown ${product[1]} makes ${n} runs, not ${product[2]}`);
    for (const [, k, word] of factors) {
      const field = WORDS[word] ?? FIELDS[word];
      if (!field) {
        say(`the breakdown counts an unknown quantity '${word}'`);
        continue;
      }
      const count = field === 'seed' ? Math.max(...groupSizes(given)) : distinct(given, field).length;
      if (count !== Number(k)) say(`the breakdown counts ${k} ${word}, but the runs have ${count}`);
    }
  }
  const drawn = /(\d+) of them drawn/.exec(sentence);
  const failed = /(\d+) failed/.exec(fig.caption);
  const expected = drawn ? Number(drawn[1]) : given.length - (failed ? Number(failed[1]) : 0);
  if (plotted.length !== expected) say(`the caption implies ${expected} runs drawn, but the data draw ${plotted.length}`);
  const failedRuns = given.filter((r) => r.status === 'failed').length;
  if (failedRuns && !failed) say(`${failedRuns} of the runs failed, and the caption does not say so`);

  // Elsewhere a value may be scoped to one setting, but it must be a value some run has.
  for (const [where, text] of [
    ['caption', rest],
    ['title', fig.title],
    ['alt text', fig.alt],
  ])
    for (const [, sym, text2] of text.matchAll(ASSIGN)) {
      if (!known(given, FIELDS[sym])) continue;
      const values = distinct(given, FIELDS[sym]);
      if (!values.some((v) => matches(text2, v))) say(`the ${where} mentions ${sym} = ${text2}, a value no run has (${show(values)})`);
    }
  return problems;
}

/** Runs per setting of the grid parameters that vary. */
function groupSizes(runs: RunView[]): number[] {
  const params = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].filter((p) => p !== 'seed' && distinct(runs, p).length > 1);
  const sizes = new Map<string, number>();
  for (const r of runs) {
    const key = JSON.stringify(params.map((p) => valueOf(r, p)));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return [...sizes.values()];
}
