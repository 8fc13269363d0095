/** Pieces every layout shares: the language links (no cookie needed) and the one-off notice. */
import { ENDONYMS } from '../../i18n/locales.js';

/** Links to the same page in each language, each named in its own language; the current one marked. */
export function LanguageLinks({ label, locales, current, href }: { label: string; locales: readonly string[]; current: string; href: (locale: string) => string }) {
  return (
    <nav aria-label={label}>
      <ul class="langs">
        {locales.map((l) => (
          <li>
            <a href={href(l)} lang={l} hreflang={l} aria-current={l === current ? 'true' : undefined}>
              {ENDONYMS[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A notice carried over from the previous request (saved, logged out, session ended). */
export function FlashNotice({ text }: { text: string | null }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
