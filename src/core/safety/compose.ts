/**
 * The words of a warning outside the web pages: e-mails, Web Push messages
 * and the Atom feed, in the member's language. Only the warning's redacted
 * texts and routing fields go in; identifiers are never part of a warning,
 * so they cannot be part of a message.
 */
import { countryName } from '../places/countries.js';
import { REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';
import { reporterTranslator, type ReporterMessageId, type ReporterTranslator } from '../../i18n/reporter/index.js';
import type { Warning } from './warnings.service.js';

export function localeOf(lang: string): ReporterLocale {
  return (REPORTER_LOCALES as readonly string[]).includes(lang) ? (lang as ReporterLocale) : 'en';
}

export function translatorFor(lang: string): ReporterTranslator {
  return reporterTranslator(localeOf(lang));
}

/** "London, United Kingdom" or "Elsewhere in Romania". */
export function placeLabel(t: ReporterTranslator, w: Pick<Warning, 'countryCode' | 'areaId'>, areaName: string | null): string {
  const country = countryName(w.countryCode, t.locale);
  return w.areaId && areaName ? t.t('place.areaInCountry', { area: areaName, country }) : t.t('form.where.elsewhere', { country });
}

/** A one-line title: place, month and what happened. */
export function warningTitle(t: ReporterTranslator, w: Warning, areaName: string | null): string {
  const what = t.list(w.categories.map((c) => t.t(`category.${c}` as ReporterMessageId)));
  return t.t('safety.warning.title', { place: placeLabel(t, w, areaName), what });
}

/** The warning as plain text (e-mail body, feed entry). */
export function warningText(t: ReporterTranslator, w: Warning, areaName: string | null): string {
  const lines = [
    `${t.t('safety.warning.place')}: ${placeLabel(t, w, areaName)}`,
    `${t.t('safety.warning.when')}: ${w.incidentMonth ? t.day(w.incidentMonth) : t.t('safety.warning.whenUnknown')}`,
    `${t.t('safety.warning.what')}: ${t.list(w.categories.map((c) => t.t(`category.${c}` as ReporterMessageId)))}`,
  ];
  // The parts from translated lists read in the member's language; the free texts as written, with their language named when it is another.
  const list = (items: string[]) => t.list(items);
  if (w.parts.people.length) lines.push(`${t.t('safety.warning.people')}: ${list(w.parts.people.map((p) => t.t(`perpetrator.${p}` as ReporterMessageId)))}`);
  lines.push('');
  if (w.parts.lang && w.parts.lang !== t.locale) {
    const language = new Intl.DisplayNames([t.locale], { type: 'language' }).of(w.parts.lang) ?? w.parts.lang;
    lines.push(`(${t.t('text.writtenIn', { language })})`);
  }
  lines.push(w.texts.what);
  if (w.parts.signs.length || w.texts.recognise) {
    lines.push('', `${t.t('safety.warning.recognise')}:`, ...w.parts.signs.map((c) => `- ${t.t(`warningSign.${c}` as ReporterMessageId)}`));
    if (w.texts.recognise) lines.push(w.texts.recognise);
  }
  if (w.parts.modus.length || w.texts.modus) {
    lines.push('', `${t.t('safety.warning.modus')}:`, ...w.parts.modus.map((c) => `- ${t.t(`warningModus.${c}` as ReporterMessageId)}`));
    if (w.texts.modus) lines.push(w.texts.modus);
  }
  if (w.expiresOn) lines.push('', t.t('safety.warning.until', { day: t.day(w.expiresOn) }));
  return lines.join('\n');
}
