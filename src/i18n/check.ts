/**
 * The catalog checker: what a translation must keep of its English source.
 * Same ids (none missing, none extra), every message a string that parses as
 * ICU MessageFormat, the same arguments with the same types (plain, number,
 * date, time, plural, select, ordinal; a number in English may be a
 * plural in a language whose grammar needs one) and the same tags, an "other" branch
 * in every plural and select, and every plural category CLDR gives the
 * locale (Intl.PluralRules(locale).resolvedOptions().pluralCategories).
 * The catalog test runs it on every catalog; `npx tsx scripts/check-catalog.ts`
 * runs it on one file (the same logic as the translators' check.mjs).
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

export interface Problem {
  readonly id: string;
  readonly problem: string;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'argument',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.plural]: 'plural',
};

/** The arguments and tags of a parsed message ("count:plural", "<b>"), checking plural branches on the way. */
function signature(nodes: MessageFormatElement[], categories: readonly string[] | null, problems: string[], acc = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.type === TYPE.tag) {
      acc.add(`<${n.value}>`);
      signature(n.children, categories, problems, acc);
    } else if (n.type === TYPE.plural || n.type === TYPE.select) {
      const ordinal = n.type === TYPE.plural && n.pluralType === 'ordinal';
      acc.add(`${n.value}:${ordinal ? 'selectordinal' : KIND[n.type]}`);
      if (!('other' in n.options)) problems.push(`{${n.value}} has no "other" branch`);
      if (n.type === TYPE.plural && !ordinal && categories) for (const c of categories) if (!(c in n.options)) problems.push(`plural {${n.value}} lacks the "${c}" category the locale needs`);
      for (const o of Object.values(n.options)) signature(o.value, categories, problems, acc);
    } else if (KIND[n.type]) {
      acc.add(`${(n as { value: string }).value}:${KIND[n.type]}`);
    }
  }
  return acc;
}

/** Plural categories CLDR gives a locale for cardinal numbers. */
export function pluralCategories(locale: string): readonly string[] {
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
}

/** Parses a message as ICU, tags included; throws on a syntax error. */
export function parseMessage(message: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: false, requiresOtherClause: false });
}

/**
 * Every problem of one catalog against the English source. `catalog` is the
 * parsed JSON of a locale's file (flat id -> message), or for English the
 * source's own messages (then only syntax and plural categories are checked).
 */
export function checkCatalog(source: Readonly<Record<string, { readonly message: string }>>, catalog: unknown, locale: string): Problem[] {
  const problems: Problem[] = [];
  if (!catalog || typeof catalog !== 'object' || Array.isArray(catalog)) return [{ id: '*', problem: 'the catalog is not a JSON object of id -> message' }];
  const messages = catalog as Record<string, unknown>;
  const categories = pluralCategories(locale);
  for (const id of Object.keys(source)) if (!Object.prototype.hasOwnProperty.call(messages, id)) problems.push({ id, problem: 'missing' });
  for (const [id, message] of Object.entries(messages)) {
    const english = source[id];
    if (!english) {
      problems.push({ id, problem: 'not in the English source' });
      continue;
    }
    if (typeof message !== 'string') {
      problems.push({ id, problem: 'not a string' });
      continue;
    }
    if (!message.trim()) {
      problems.push({ id, problem: 'empty' });
      continue;
    }
    const found: string[] = [];
    let theirs: Set<string>;
    try {
      theirs = signature(parseMessage(message), categories, found);
    } catch (e) {
      problems.push({ id, problem: `ICU syntax error: ${(e as Error).message}` });
      continue;
    }
    let ours: Set<string>;
    try {
      ours = signature(parseMessage(english.message), null, []);
    } catch (e) {
      problems.push({ id, problem: `the English source does not parse: ${(e as Error).message}` });
      continue;
    }
    // A number in English may be a plural in a language that needs one there ("{n, number} characters").
    for (const arg of ours)
      if (arg.endsWith(':number') && theirs.has(arg.replace(/:number$/, ':plural')) && !theirs.has(arg)) theirs = new Set([...theirs].map((x) => (x === arg.replace(/:number$/, ':plural') ? arg : x)));
    const a = [...ours].sort().join(' ');
    const b = [...theirs].sort().join(' ');
    if (a !== b) found.push(`arguments or tags differ: English has [${a}], ${locale} has [${b}]`);
    for (const problem of found) problems.push({ id, problem });
  }
  return problems;
}
