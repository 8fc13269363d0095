/**
 * Names in another script inside a translated sentence: a Latin organisation
 * name in Arabic text, an Arabic username in an English footer. Without
 * isolation the browser's bidirectional algorithm lets the name and the
 * punctuation around it reorder. `isolated` formats the sentence with a mark
 * in place of each name, then puts every name back inside its own `<bdi>`;
 * the message and its escaping stay the translator's and Preact's.
 */
import type { VNode } from 'preact';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = new RegExp(`${OPEN}(\\d+)${CLOSE}`);

/** `build` receives `mark`, to wrap each name before it goes into the message (directly or through a list). */
export function isolated(build: (mark: (name: string) => string) => string): Array<string | VNode> {
  const names: string[] = [];
  const mark = (name: string): string => `${OPEN}${names.push(name) - 1}${CLOSE}`;
  const parts = build(mark).split(MARKED);
  return parts.map((part, i) => (i % 2 === 1 ? <bdi>{names[Number(part)]}</bdi> : part)).filter((part) => part !== '');
}
