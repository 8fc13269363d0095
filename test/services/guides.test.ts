/**
 * The rights guides: every language has every guide, translated (not the
 * English text), with the same sections and the same links; and the Markdown
 * renderer lets no markup or unsafe link through.
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_SLUGS, guideMarkdown } from '../../src/core/rights/guides/index.js';
import { markdownTitle, renderGuideMarkdown } from '../../src/core/rights/markdown.js';
import { REPORTER_LOCALES } from '../../src/i18n/locales.js';

const links = (md: string) => [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]).sort();
const sections = (md: string) => md.split('\n').filter((l) => l.startsWith('## ')).length;
const bullets = (md: string) => md.split('\n').filter((l) => l.startsWith('- ')).length;

describe('rights guides', () => {
  for (const lang of REPORTER_LOCALES.filter((l) => l !== 'en')) {
    it(`${lang}: every guide is translated, with the English guide's sections, points and links`, () => {
      for (const slug of GUIDE_SLUGS) {
        const en = guideMarkdown('en', slug);
        const md = guideMarkdown(lang, slug);
        expect(md, `${lang} ${slug}`).not.toBe(en);
        expect(markdownTitle(md)).not.toBe(markdownTitle(en));
        expect(markdownTitle(md).length).toBeGreaterThan(3);
        expect(sections(md), `${lang} ${slug} sections`).toBe(sections(en));
        expect(bullets(md), `${lang} ${slug} points`).toBe(bullets(en));
        expect(links(md), `${lang} ${slug} links`).toEqual(links(en));
      }
    });
  }

  it('the victims guide states the reflection period and residence permits; the police guide the right to a lawyer', () => {
    const victims = guideMarkdown('en', 'victims');
    expect(victims).toMatch(/at least 30 days/);
    expect(victims).toMatch(/residence permit/);
    expect(victims).toMatch(/2012\/29\/EU/);
    expect(victims).toMatch(/2004\/81\/EC/);
    expect(guideMarkdown('en', 'police')).toMatch(/Ask for a lawyer/);
    expect(guideMarkdown('en', 'labour')).toMatch(/2009\/52\/EC/);
  });
});

describe('the Markdown renderer', () => {
  it('turns raw HTML into text, drops images, and keeps only relative or https links (with the language)', () => {
    const html = renderGuideMarkdown(
      [
        '# Title <script>alert(1)</script>',
        '',
        'Text <b onclick="x()">bold</b> **strong** <img src=x onerror=alert(1)>',
        '',
        '<iframe src="https://evil.example"></iframe>',
        '',
        '[ok](/rights/FR) [anchor](#top) [https](https://example.org/a?b=1&c=2) [js](javascript:alert(1)) [http](http://example.org) [proto](//evil.example/x) [data](data:text/html,x) ![pic](/static/x.png)',
      ].join('\n'),
      'ar',
    );
    // The only tags are Markdown's own, and the only attribute is a checked href.
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)];
    expect([...new Set(tags.map((m) => m[1]!.toLowerCase()))].sort()).toEqual(['a', 'h1', 'p', 'strong']);
    for (const m of tags) expect(m[2]!.trim(), m[0]).toMatch(/^(href="[^"]*")?$/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>strong</strong>');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['/rights/FR?lang=ar', '#top', 'https://example.org/a?b=1&amp;c=2']);
    for (const word of ['js', 'http', 'proto', 'data', 'pic']) expect(html).toContain(word);
  });
});
