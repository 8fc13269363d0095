/**
 * Text shown as its author wrote it, marked with its language: the lang
 * attribute (so screen readers and fonts pick the right voice and shapes) and,
 * when it is not the reader's language, a visible note saying which language
 * it is in. Direction follows the text itself (dir="auto"), so English inside
 * an Arabic page reads left to right.
 */
import type { JSX } from 'preact';

/** The language's name in the reader's language ("الإنجليزية" for en read in Arabic). */
export function languageName(readerLang: string, lang: string): string {
  try {
    return new Intl.DisplayNames([readerLang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

export function WrittenText({
  text,
  lang,
  readerLang,
  note,
  as = 'div',
  class: className = 'text',
}: {
  text: string;
  /** The language the text is written in; null when not known (shown unmarked). */
  lang: string | null;
  readerLang: string;
  /** The visible note, given the language's name: the caller's catalog message. */
  note: (language: string) => string;
  as?: 'div' | 'p';
  class?: string;
}): JSX.Element {
  const Tag = as;
  const foreign = lang !== null && lang !== readerLang;
  return (
    <>
      {foreign ? (
        <p class="written-in" data-written-in={lang}>
          {note(languageName(readerLang, lang))}
        </p>
      ) : null}
      <Tag class={className} dir="auto" lang={lang ?? undefined}>
        {text}
      </Tag>
    </>
  );
}
