/**
 * The standard survey instrument every wave asks, and the shape of an
 * organisation's own questions. Nothing here asks about immigration status,
 * nationality or documents (guarantee 1): questions ask about experiences
 * and fears, never about who a person is.
 */
import { REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';

export interface StandardQuestion {
  readonly id: string;
  /** single: one answer (or none); multi: any number of answers. */
  readonly kind: 'single' | 'multi';
  readonly options: readonly string[];
  /** In a multi question, an option that excludes the others ("none of these"). */
  readonly exclusive?: string;
}

export const STANDARD_QUESTIONS = [
  { id: 'trust_police', kind: 'single', options: ['not_at_all', 'a_little', 'somewhat', 'a_lot'] },
  { id: 'would_report', kind: 'single', options: ['yes', 'no', 'not_sure'] },
  { id: 'why_not_report', kind: 'multi', options: ['fear_immigration', 'fear_arrest', 'not_believed', 'police_violence', 'lose_workplace', 'language', 'other'] },
  { id: 'police_experience', kind: 'multi', options: ['intimidation', 'identity_checks', 'pressure_to_inform', 'deportation_threats', 'none'], exclusive: 'none' },
  { id: 'health_access', kind: 'single', options: ['yes', 'with_difficulty', 'no'] },
  { id: 'justice_access', kind: 'single', options: ['yes', 'with_difficulty', 'no'] },
  { id: 'immigration_fear', kind: 'single', options: ['often', 'sometimes', 'never'] },
] as const satisfies readonly StandardQuestion[];

export type StandardQuestionId = (typeof STANDARD_QUESTIONS)[number]['id'];

/** The answer recorded for a single-choice question left unanswered. */
export const NO_ANSWER = '_none';

/** An organisation's own question: single choice, with its text in each language of the wave. */
export interface CustomQuestion {
  readonly id: string;
  readonly text: Readonly<Partial<Record<ReporterLocale, string>>>;
  readonly options: ReadonlyArray<{ readonly id: string; readonly text: Readonly<Partial<Record<ReporterLocale, string>>> }>;
}

export const MAX_CUSTOM_QUESTIONS = 3;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const QUESTION_MAX = 300;
export const OPTION_MAX = 120;

/** Reads custom questions from their stored JSON, dropping anything malformed. */
export function parseCustomQuestions(json: string): CustomQuestion[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const texts = (v: unknown): Partial<Record<ReporterLocale, string>> => {
    const out: Partial<Record<ReporterLocale, string>> = {};
    if (v && typeof v === 'object') for (const l of REPORTER_LOCALES) if (typeof (v as Record<string, unknown>)[l] === 'string') out[l] = (v as Record<string, string>)[l];
    return out;
  };
  return raw
    .filter((q): q is Record<string, unknown> => !!q && typeof q === 'object' && typeof (q as Record<string, unknown>).id === 'string' && Array.isArray((q as Record<string, unknown>).options))
    .map((q) => ({
      id: String(q.id),
      text: texts(q.text),
      options: (q.options as unknown[])
        .filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && typeof (o as Record<string, unknown>).id === 'string')
        .map((o) => ({ id: String(o.id), text: texts(o.text) })),
    }));
}

/** Every question of a wave, standard first, as (id, kind, options). */
export function waveQuestions(custom: readonly CustomQuestion[]): Array<{ id: string; kind: 'single' | 'multi'; options: readonly string[]; exclusive?: string; custom: boolean }> {
  return [
    ...STANDARD_QUESTIONS.map((q) => ({ id: q.id, kind: q.kind, options: q.options, ...('exclusive' in q ? { exclusive: q.exclusive } : {}), custom: false })),
    ...custom.map((q) => ({ id: q.id, kind: 'single' as const, options: q.options.map((o) => o.id), custom: true })),
  ];
}
