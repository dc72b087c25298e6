// The one text form of an optimizer choice, shared by `o1 run`, `o1 viz`, `o1 bench` and the web
// demo's URL: `name[:key=value]…`, lists comma-separated, e.g.
//   o1,adam:lr=0.01:betas=0.9,0.99,SGD:momentum=0.9:nesterov=true
// PyTorch's spellings are read as PyTorch users type them and mapped onto the registry: names
// ignore case (SGD, AdamW, RMSprop), betas=b1,b2 is beta1 and beta2, the boolean options
// (amsgrad, centered, nesterov) take true/false as well as 1/0, SGD with momentum > 0 is the
// `momentum` rule and nesterov=true selects the `nesterov` rule — torch.optim.SGD's one class
// is three rules here. Pure (no Node, no DOM): the browser parses links with it.
import { decimalProblem } from '../util/decimal.js';
import { InputError } from '../errors.js';
import { closeMatches } from '../util/closeMatches.js';
import { findOptimizer, isLearned, optimizerNames, type AnyOptimizerSpec } from './index.js';
import type { OptimizerInfo } from './types.js';

/** An optimizer as the user named it, in the registry's terms. */
export interface OptimizerChoice {
  /** The registry's name: 'o1', 'adam', … */
  name: string;
  /** The hyper-parameters given, under the registry's names (ranges are checked by resolveHyper). */
  hyper: Record<string, number>;
}

/** torch.optim.SGD's three rules here, and what its `nesterov` flag chooses between. */
const SGD_FAMILY = new Set(['sgd', 'momentum', 'nesterov']);

/** The spec called `name` (any case), or an InputError with suggestions. */
export function lookupOptimizer(name: string, where = '--opt'): AnyOptimizerSpec {
  const spec = findOptimizer(name);
  if (spec) return spec;
  const near = closeMatches(name.toLowerCase(), optimizerNames());
  throw new InputError(`${where}: unknown optimizer '${name}'${near.length ? ` — did you mean ${near.join(', ')}?` : ''} (\`o1 optimizers\` lists them)`);
}

function isBooleanParam(spec: OptimizerInfo, key: string): boolean {
  if (key === 'nesterov') return true;
  const p = spec.hyper.find((h) => h.name === key);
  return p !== undefined && p.integer === true && p.min === 0 && p.max === 1;
}

/** Texts read as +Infinity for a hyper-parameter that allows it (prodigy's growth_rate, whose
 *  prodigyopt default is float('inf')): 'Infinity' as JS prints it, 'inf' as Python does. */
const INFINITY_TEXT = /^\+?(?:infinity|inf)$/i;

function allowsInfinity(spec: OptimizerInfo, key: string): boolean {
  return spec.hyper.some((h) => h.name === key && h.allowInfinity === true);
}

function parseNumberText(where: string, text: string, infinityOk = false): number {
  if (infinityOk && INFINITY_TEXT.test(text)) return Infinity;
  const v = decimalProblem(text); // plain decimals only: no 0x1, ' 1', 1e-400 (→ 0)
  if (typeof v === 'string') {
    const why = v === 'is not a finite number in decimal notation' ? (infinityOk ? 'is not a number (a decimal, or Infinity)' : 'is not a finite number') : v;
    throw new InputError(`${where}: '${text}' ${why}`);
  }
  return v;
}

function parseBooleanText(where: string, text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return 1;
  if (t === 'false' || t === '0') return 0;
  throw new InputError(`${where}: '${text}' is not true or false`);
}

/** Can `key` be given to `spec` (its own name, or a PyTorch spelling that maps onto it)? Global
 *  flags (`o1 viz --betas …`) apply to every listed optimizer for which this holds. */
export function acceptsKey(spec: OptimizerInfo, key: string): boolean {
  if (key === 'betas') return spec.hyper.some((h) => h.name === 'beta1');
  if (key === 'nesterov') return SGD_FAMILY.has(spec.name);
  return spec.hyper.some((h) => h.name === key);
}

/** Whether a flag given for a whole list (`o1 viz --lr 0.01`) applies to `spec`: as acceptsKey,
 *  except o1's lr — a multiplier of its step unit (src/o1/knobs.ts), not the baselines' learning
 *  rate — which o1 takes only as o1:lr=V. */
export function acceptsListFlag(spec: OptimizerInfo, key: string): boolean {
  return acceptsKey(spec, key) && !(isLearned(spec) && key === 'lr');
}

/** A key=value text, and where it came from for messages (default "<where> <name>:<key>"). */
export type HyperText = readonly [key: string, text: string, from?: string];

/** A name and its key=value texts → the registry's rule and hyper-parameters. */
export function canonicalChoice(name: string, pairs: readonly HyperText[], where = '--opt'): OptimizerChoice {
  const spec = lookupOptimizer(name, where);
  const hyper: Record<string, number> = {};
  for (const [rawKey, text, from] of pairs) {
    const key = rawKey.trim().toLowerCase();
    const at = from ?? `${where} ${spec.name}:${key}`;
    if (key === 'betas') {
      if (!acceptsKey(spec, 'betas')) throw new InputError(`${at}: ${spec.name} has no betas (valid: ${spec.hyper.map((h) => h.name).join(', ') || '(none)'})`);
      const parts = text.replace(/^[([]|[)\]]$/g, '').split(',');
      if (parts.length !== 2) throw new InputError(`${at}: '${text}' is not two numbers beta1,beta2 (e.g. betas=0.9,0.999)`);
      hyper.beta1 = parseNumberText(at, parts[0]);
      hyper.beta2 = parseNumberText(at, parts[1]);
    } else if (isBooleanParam(spec, key)) {
      hyper[key] = parseBooleanText(at, text);
    } else {
      hyper[key] = parseNumberText(at, text, allowsInfinity(spec, key));
    }
  }
  let rule = spec.name;
  if (hyper.nesterov !== undefined) {
    if (!SGD_FAMILY.has(rule)) throw new InputError(`${where} ${rule}: nesterov applies to sgd and momentum (it selects the 'nesterov' rule)`);
    const on = hyper.nesterov === 1;
    delete hyper.nesterov;
    if (on && rule === 'sgd' && !(hyper.momentum > 0)) {
      throw new InputError(`${where} sgd: nesterov needs a momentum > 0, as in PyTorch (e.g. sgd:momentum=0.9:nesterov=true)`);
    }
    if (on) rule = 'nesterov';
    else if (rule === 'nesterov') rule = 'momentum';
  }
  // torch.optim.SGD(momentum=μ): μ > 0 is the heavy-ball rule, μ = 0 plain SGD.
  if (rule === 'sgd' && hyper.momentum !== undefined) {
    if (hyper.momentum > 0) rule = 'momentum';
    else delete hyper.momentum;
  }
  return { name: rule, hyper };
}

/** One item's parts as typed, before any mapping: "Adam:lr=0.01" → Adam, [[lr, 0.01]]. */
export function splitOptimizer(item: string, where = '--opt'): { name: string; pairs: HyperText[] } {
  const [name, ...rest] = item.split(':').map((s) => s.trim());
  if (!name) throw new InputError(`${where}: '${item}' has no optimizer name (e.g. adam:lr=0.01)`);
  const pairs = rest.map((pair): HyperText => {
    const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(.+)$/.exec(pair);
    if (!m) throw new InputError(`${where} ${item}: '${pair}' is not name=value (e.g. adam:lr=0.01)`);
    return [m[1], m[2]];
  });
  return { name, pairs };
}

/** One item: "adam", "Adam:lr=0.01:betas=0.9,0.99". */
export function parseOptimizer(item: string, where = '--opt'): OptimizerChoice {
  const { name, pairs } = splitOptimizer(item, where);
  return canonicalChoice(name, pairs, where);
}

/** Splits a comma-separated list into items; a piece that starts like a number continues the
 *  item before it, so `adam:betas=0.9,0.99,momentum` is two items. */
export function splitOptimizerList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const piece = raw.trim();
    if (out.length && /^[-+.\d)\]]/.test(piece)) out[out.length - 1] += `,${piece}`;
    else if (piece) out.push(piece);
  }
  return out;
}

export function parseOptimizerList(text: string, where = '--opt'): OptimizerChoice[] {
  return splitOptimizerList(text).map((item) => parseOptimizer(item, where));
}

/** The text form, parsed back by parseOptimizer to the same choice: "adam:lr=0.01:beta2=0.99". */
export function formatOptimizer(c: OptimizerChoice): string {
  return [c.name, ...Object.entries(c.hyper).map(([k, v]) => `${k}=${v}`)].join(':');
}

export function formatOptimizerList(choices: readonly OptimizerChoice[]): string {
  return choices.map(formatOptimizer).join(',');
}
