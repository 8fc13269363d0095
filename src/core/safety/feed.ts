/**
 * The member's private Atom feed (RFC 4287): the active warnings they may see
 * for the areas they follow, newest first. Its address holds a secret token
 * (only a keyed hash is stored) that the member can replace or turn off.
 * Links are relative to the feed's own address, so the server never needs to
 * know the name it is reached by (a domain, or an onion address).
 */
import { dayOf, type CoreDeps } from '../shared/deps.js';
import type { Member } from './members.service.js';
import { translatorFor, warningText, warningTitle } from './compose.js';
import { listWarnings } from './reading.service.js';

const FEED_ENTRIES = 50;

function xml(s: string): string {
  // Characters XML 1.0 does not allow are dropped; the five specials are escaped.
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The Atom document for a member. */
export async function memberFeed(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, member: Member): Promise<string> {
  const t = translatorFor(member.lang);
  const list = await listWarnings(deps, { memberId: member.id, organisationId: member.organisationId }, {}, FEED_ENTRIES);
  const areaIds = [...new Set(list.warnings.map((w) => w.areaId).filter((a): a is string => a !== null))];
  const areas = areaIds.length ? await deps.db.selectFrom('areas').select(['id', 'name']).where('id', 'in', areaIds).execute() : [];
  const areaName = (id: string | null) => areas.find((a) => a.id === id)?.name ?? null;
  // Days only, at midnight UTC: the feed tells no finer time than the warnings themselves.
  const stamp = (day: string) => `${day}T00:00:00Z`;
  const updated =
    list.warnings
      .map((w) => w.updatedDay)
      .sort()
      .at(-1) ?? dayOf(deps.clock);
  const entries = list.warnings.map((w) => {
    const title = warningTitle(t, w, areaName(w.areaId));
    return [
      '  <entry>',
      `    <id>urn:parasol:warning:${w.id}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="warnings/${w.id}?lang=${t.locale}"/>`,
      `    <published>${stamp(w.publishedDay ?? w.updatedDay)}</published>`,
      `    <updated>${stamp(w.updatedDay)}</updated>`,
      ...w.categories.map((c) => `    <category term="${c}"/>`),
      `    <content type="text">${xml(warningText(t, w, areaName(w.areaId)))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${t.locale}">`,
    `  <id>urn:parasol:feed:${member.id}</id>`,
    `  <title>${xml(t.t('safety.feed.title'))}</title>`,
    `  <subtitle>${xml(t.t('safety.feed.subtitle'))}</subtitle>`,
    `  <link rel="alternate" type="text/html" href="warnings?lang=${t.locale}"/>`,
    `  <updated>${stamp(updated)}</updated>`,
    `  <author><name>Parasol</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
