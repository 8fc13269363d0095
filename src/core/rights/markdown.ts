/**
 * Markdown to HTML for the rights guides, with marked. The output carries no
 * markup from the Markdown itself: raw HTML in the source is turned into text
 * (which marked escapes), images become their alternative text, and a link
 * keeps its target only when it is relative to this site or https (anything
 * else, `javascript:` included, is shown as plain text). Relative links keep
 * the reader's language.
 */
import { Marked, Renderer, type Tokens } from 'marked';

function safeTarget(href: string): 'relative' | 'https' | null {
  if (/^\/(?!\/)[^\s"'<>\\]*$/.test(href) || /^#[\w-]+$/.test(href)) return 'relative';
  try {
    const u = new URL(href);
    if (u.protocol === 'https:' && u.hostname && !u.username && !u.password && /^https:\/\/[^\s"'<>\\]+$/i.test(href)) return 'https';
  } catch {
    // Not a URL: not a link.
  }
  return null;
}

function withLanguage(href: string, lang: string): string {
  if (href.startsWith('#')) return href;
  const [beforeHash, hash] = href.split('#', 2) as [string, string | undefined];
  const sep = beforeHash.includes('?') ? '&' : '?';
  return `${beforeHash}${sep}lang=${encodeURIComponent(lang)}${hash ? `#${hash}` : ''}`;
}

const parsers = new Map<string, Marked>();

function parserFor(lang: string): Marked {
  let m = parsers.get(lang);
  if (m) return m;
  const base = new Renderer();
  m = new Marked({
    gfm: true,
    breaks: false,
    async: false,
    walkTokens(token) {
      // Raw HTML and images become text, which the renderer escapes.
      if (token.type === 'html' || token.type === 'image') {
        const t = token as unknown as { type: string; text: string; raw: string; escaped?: boolean; tokens?: unknown };
        t.text = token.type === 'image' ? (token as Tokens.Image).text : token.raw;
        t.type = 'text';
        t.escaped = false;
        delete t.tokens;
      }
    },
    renderer: {
      link(this: Renderer, token: Tokens.Link): string {
        const kind = safeTarget(token.href);
        if (!kind) return this.parser.parseInline(token.tokens);
        const href = kind === 'relative' ? withLanguage(token.href, lang) : token.href;
        return base.link.call(this, { ...token, href });
      },
    },
  });
  parsers.set(lang, m);
  return m;
}

/** Renders guide Markdown to HTML that carries no markup of its own (see the module comment). */
export function renderGuideMarkdown(markdown: string, lang: string): string {
  return parserFor(lang).parse(markdown, { async: false }) as string;
}

/** The first level-1 heading of a Markdown text (a guide's title), without markup characters. */
export function markdownTitle(markdown: string): string {
  const m = /^#\s+(.+)$/m.exec(markdown);
  return m ? m[1]!.trim() : '';
}
