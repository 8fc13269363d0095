/**
 * Pieces the layouts share: the document head, the quick-exit link, the
 * language links (no cookie needed) and the one-off notice.
 */
import { direction, ENDONYMS } from '../../i18n/locales.js';
import { safeHref } from './render.js';

/** The head every page has: no referrer, the page's stylesheets and deferred scripts (never inline). */
export function DocumentHead({ title, styles, scripts = [], noindex = false }: { title: string; styles: readonly string[]; scripts?: readonly string[]; noindex?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      {noindex ? <meta name="robots" content="noindex" /> : null}
      <title>{title}</title>
      {styles.map((href) => (
        <link rel="stylesheet" href={href} />
      ))}
      {scripts.map((src) => (
        <script src={src} defer />
      ))}
    </head>
  );
}

/** The quick-exit control: a plain link to a neutral site, first in the header (exit.js adds the Escape key). */
export function QuickExit({ url, label, hint }: { url: string; label: string; hint: string }) {
  return (
    <a class="exit" id="quick-exit" href={safeHref(url)} rel="noreferrer" title={hint}>
      {label}
    </a>
  );
}

/**
 * Links to the same page in each language, each named in its own language and
 * script (with its lang and dir); the current one marked. A disclosure that
 * works without script: closed, it is one line naming the current language;
 * open, a compact grid that fits 320 px with every language of the registry.
 * On a page with a form (`form` is its id), submit buttons of that form
 * instead of links: the form comes back in the chosen language with
 * everything typed, and nothing is saved (no JavaScript needed).
 */
export function LanguageLinks({ label, locales, current, href, form }: { label: string; locales: readonly string[]; current: string; href: (locale: string) => string; form?: string | undefined }) {
  return (
    <nav aria-label={label} class="langs-menu">
      {/* The form's default button must come before the language buttons, so that Enter in a text box does what it did before (the form's own action), never a switch to another language. */}
      {form ? <button type="submit" form={form} hidden tabindex={-1} /> : null}
      <details>
        <summary>
          {label}: <span lang={current}>{ENDONYMS[current]}</span>
        </summary>
        <ul class="langs">
          {locales.map((l) => (
            <li>
              {form ? (
                <button type="submit" form={form} name="switch_lang" value={l} lang={l} dir={direction(l)} aria-current={l === current ? 'true' : undefined}>
                  {ENDONYMS[l]}
                </button>
              ) : (
                <a href={href(l)} lang={l} hreflang={l} dir={direction(l)} aria-current={l === current ? 'true' : undefined}>
                  {ENDONYMS[l]}
                </a>
              )}
            </li>
          ))}
        </ul>
      </details>
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

/**
 * The demo banner: on every page of an installation that holds demo
 * organisations (their passwords were printed), so that no one mistakes it
 * for a real service and sends a real report to it. Inside the header, so
 * that it sits in a landmark; text, not colour alone, carries the warning.
 */
export function DemoBanner({ text }: { text: string | null }) {
  return text ? (
    <p class="demo-banner">
      <strong>{text}</strong>
    </p>
  ) : null;
}
