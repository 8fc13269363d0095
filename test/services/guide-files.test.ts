/**
 * The rights guides as files translators work in: every reporter language
 * offered has its four guides, src/core/rights/guides/<locale>/<guide>.md,
 * not empty, one title first, every heading well formed.
 */
import fs from 'node:fs';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { GUIDE_SLUGS, guideFile, guideMarkdown } from '../../src/core/rights/guides/index.js';
import { REPORTER_LOCALES } from '../../src/i18n/locales.js';

describe('the rights guides', () => {
  for (const locale of REPORTER_LOCALES) {
    it(`${locale}: all four guides exist, are not empty, and their headings parse`, () => {
      for (const slug of GUIDE_SLUGS) {
        expect(fs.existsSync(guideFile(locale, slug)), `${locale}/${slug}.md`).toBe(true);
        const md = guideMarkdown(locale, slug);
        expect(md.trim().length, `${locale}/${slug}`).toBeGreaterThan(200);
        const tokens = marked.lexer(md);
        const headings = tokens.filter((t) => t.type === 'heading') as Array<{ depth: number; text: string }>;
        expect(tokens.find((t) => t.type !== 'space')?.type, `${locale}/${slug} starts with its title`).toBe('heading');
        expect(headings[0]!.depth, `${locale}/${slug}`).toBe(1);
        expect(
          headings.filter((h) => h.depth === 1),
          `${locale}/${slug} has one title`,
        ).toHaveLength(1);
        for (const h of headings) expect(h.text.trim(), `${locale}/${slug}`).not.toBe('');
        // No heading that failed to parse ("##Title" without its space).
        expect(
          md.split('\n').filter((line) => /^#{1,6}[^#\s]/.test(line)),
          `${locale}/${slug}`,
        ).toEqual([]);
      }
    });
  }
});
