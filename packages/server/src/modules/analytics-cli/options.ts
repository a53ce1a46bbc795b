/**
 * Option parsing for `renxing analyze`: `--name value`, `--name=value`; boolean options also as a bare `--name`
 * or followed by true/false (TRUE/FALSE/T/F/1/0 as R accepts). Every problem is a UsageError naming the option
 * (the command exits with code 2).
 */

export class UsageError extends Error {}

export type OptionKind = 'number' | 'string' | 'bool';

export type OptionSpec = {
  kind: OptionKind;
  /** may be given several times (values are collected) */
  repeatable?: boolean;
};

export type OptionSpecs = Record<string, OptionSpec>;

const BOOL_TRUE = new Set(['true', 'TRUE', 'T', '1', 'yes']);
const BOOL_FALSE = new Set(['false', 'FALSE', 'F', '0', 'no']);

/** Parsed options with typed accessors; `name` is the kebab-case option name without dashes. */
export class ParsedOptions {
  constructor(private readonly values: Map<string, string[]>, private readonly context: string) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** raw string value (last occurrence) */
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : v[v.length - 1];
  }

  /** all values of a repeatable option, comma lists split */
  list(name: string): string[] {
    const v = this.values.get(name) ?? [];
    return v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  }

  /** one of the given choices */
  choice<T extends string>(name: string, choices: ReadonlyArray<T>): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(choices as ReadonlyArray<string>).includes(v)) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got '${v}')`);
    }
    return v as T;
  }

  bool(name: string): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (BOOL_TRUE.has(v)) return true;
    if (BOOL_FALSE.has(v)) return false;
    throw new UsageError(`--${name} must be true or false (got '${v}')`);
  }

  /**
   * A number with optional checks: `int`, `min`/`max` (inclusive), `gt`/`lt` (exclusive).
   * The message names the option and the accepted range.
   */
  number(name: string, c: { int?: boolean; min?: number; max?: number; gt?: number; lt?: number } = {}): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    return parseNumber(`--${name}`, v, c);
  }

  /** required number */
  requiredNumber(name: string, c: { int?: boolean; min?: number; max?: number; gt?: number; lt?: number } = {}): number {
    const v = this.number(name, c);
    if (v === undefined) throw new UsageError(`--${name} is required${this.context ? ` for ${this.context}` : ''}`);
    return v;
  }
}

/** Parse and check a number given on the command line for `what` (e.g. '--alpha'). */
export function parseNumber(what: string, v: string, c: { int?: boolean; min?: number; max?: number; gt?: number; lt?: number } = {}): number {
  const t = v.trim();
  const x = t === '' ? NaN : Number(t);
  const describe = () => {
    const parts: string[] = [];
    if (c.int) parts.push('an integer');
    else parts.push('a number');
    if (c.gt !== undefined && c.lt !== undefined) parts.push(`in (${c.gt}, ${c.lt})`);
    else {
      if (c.gt !== undefined) parts.push(`> ${c.gt}`);
      if (c.min !== undefined) parts.push(`>= ${c.min}`);
      if (c.lt !== undefined) parts.push(`< ${c.lt}`);
      if (c.max !== undefined) parts.push(`<= ${c.max}`);
    }
    return parts.join(' ');
  };
  const bad =
    !Number.isFinite(x) ||
    (c.int === true && !Number.isInteger(x)) ||
    (c.min !== undefined && x < c.min) ||
    (c.max !== undefined && x > c.max) ||
    (c.gt !== undefined && !(x > c.gt)) ||
    (c.lt !== undefined && !(x < c.lt));
  if (bad) throw new UsageError(`${what} must be ${describe()} (got '${v}')`);
  return x;
}

/** Parse an index list: comma separated integers and a:b ranges (R's seq), e.g. "2,5:8". */
export function parseIndexList(what: string, v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^(-?\d+)\s*:\s*(-?\d+)$/.exec(part);
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (Math.abs(b - a) > 10_000_000) throw new UsageError(`${what}: range ${part} is too long`);
      if (a <= b) for (let i = a; i <= b; i++) out.push(i);
      else for (let i = a; i >= b; i--) out.push(i);
    } else {
      out.push(parseNumber(what, part, { int: true }));
    }
  }
  if (out.length === 0) throw new UsageError(`${what} must list at least one index (e.g. 10:52 or 3,4,5)`);
  return out;
}

/**
 * Parse argv against the allowed options. Unknown options, missing values, repeated single options and stray
 * arguments are UsageErrors; `context` names the command in messages (e.g. "analyze aberration --method cusum").
 */
export function parseOptions(argv: ReadonlyArray<string>, specs: OptionSpecs, context: string): ParsedOptions {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!tok.startsWith('--') || tok === '--') throw new UsageError(`unexpected argument '${tok}' for ${context}`);
    const eq = tok.indexOf('=');
    const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs).map((k) => `--${k}`).join(' ');
      throw new UsageError(`unknown option --${name} for ${context}; valid options: ${known}`);
    }
    let value: string;
    if (eq >= 0) value = tok.slice(eq + 1);
    else if (spec.kind === 'bool') {
      const next = argv[i + 1];
      if (next !== undefined && (BOOL_TRUE.has(next) || BOOL_FALSE.has(next))) {
        value = next;
        i++;
      } else value = 'true';
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    const prev = values.get(name);
    if (prev && !spec.repeatable) throw new UsageError(`option --${name} was given more than once`);
    values.set(name, [...(prev ?? []), value]);
  }
  return new ParsedOptions(values, context);
}
