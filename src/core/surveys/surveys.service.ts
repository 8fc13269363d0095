/**
 * Survey waves: an organisation runs a wave (period, place, languages) with
 * the standard instrument and up to three questions of its own. Responses
 * are anonymous: no account, no receipt, no time, no language, nothing about
 * the device; nothing is stored before the person presses send. Results are
 * published only when the wave is closed (so they never change while
 * answers come in, and no single answer can be picked out by comparing two
 * days), only if at least k people answered, and then cell by cell under
 * the same small-cell protection as every other statistic.
 */
import { createHash } from 'node:crypto';
import { randomId } from '../../crypto/index.js';
import { REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';
import { appendAudit } from '../audit/audit.service.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { isCountryCode } from '../places/countries.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { markStatisticsStale } from '../statistics/release-state.js';
import { MAX_CUSTOM_QUESTIONS, MAX_OPTIONS, MIN_OPTIONS, NO_ANSWER, OPTION_MAX, parseCustomQuestions, QUESTION_MAX, waveQuestions, type CustomQuestion } from './instrument.js';
import type { OrganisationId } from '../shared/ids.js';

export const WAVE_STATUSES = ['draft', 'open', 'closed'] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];

export interface Wave {
  readonly id: string;
  readonly organisationId: OrganisationId;
  readonly title: string;
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly startsDay: string;
  readonly endsDay: string;
  readonly languages: readonly ReporterLocale[];
  readonly status: WaveStatus;
  readonly custom: readonly CustomQuestion[];
  readonly createdDay: string;
}

/** Where a wave is, on a given day: collecting answers, not yet, or finished. */
export type WavePhase = 'draft' | 'scheduled' | 'collecting' | 'closed';

export function wavePhase(w: Pick<Wave, 'status' | 'startsDay' | 'endsDay'>, today: string): WavePhase {
  if (w.status === 'draft') return 'draft';
  if (w.status === 'closed' || today > w.endsDay) return 'closed';
  return today < w.startsDay ? 'scheduled' : 'collecting';
}

function toWave(r: {
  id: string;
  organisation_id: OrganisationId;
  title: string;
  country_code: string;
  area_id: string | null;
  starts_day: string;
  ends_day: string;
  languages: string;
  status: string;
  questions: string;
  created_day: string;
}): Wave {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    title: r.title,
    countryCode: r.country_code,
    areaId: r.area_id,
    startsDay: r.starts_day,
    endsDay: r.ends_day,
    languages: r.languages.split(' ').filter((l): l is ReporterLocale => (REPORTER_LOCALES as readonly string[]).includes(l)),
    status: (WAVE_STATUSES as readonly string[]).includes(r.status) ? (r.status as WaveStatus) : 'draft',
    custom: parseCustomQuestions(r.questions),
    createdDay: r.created_day,
  };
}

/** A wave's public identifier in statistics and open data (not the address of its form). */
export function publicWaveId(id: string): string {
  return createHash('sha256').update(`parasol-wave:${id}`).digest('hex').slice(0, 16);
}

export async function findWave(db: Db, id: string): Promise<Wave | undefined> {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const r = await db.selectFrom('survey_waves').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toWave(r) : undefined;
}

export interface WaveSummary extends Wave {
  readonly responses: number;
}

/** The organisation's waves, newest first, with how many people answered. */
export async function listWaves(db: Db, organisationId: OrganisationId): Promise<WaveSummary[]> {
  const rows = await db.selectFrom('survey_waves').selectAll().where('organisation_id', '=', organisationId).orderBy('starts_day', 'desc').orderBy('id').execute();
  const counts = await responseCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...toWave(r), responses: counts.get(r.id) ?? 0 }));
}

export async function responseCounts(db: Db, waveIds: readonly string[]): Promise<Map<string, number>> {
  if (waveIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_responses')
    .select(['wave_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('wave_id', 'in', [...waveIds])
    .groupBy('wave_id')
    .execute();
  return new Map(rows.map((r) => [r.wave_id, Number(r.n)]));
}

// ---------------------------------------------------------------- waves

export interface WaveInput {
  readonly title: string;
  readonly countryCode: string;
  readonly areaId: string;
  readonly startsDay: string;
  readonly endsDay: string;
  readonly languages: readonly string[];
  /** Per custom question, per language: first line the question, then one option per line. */
  readonly custom: ReadonlyArray<Readonly<Partial<Record<string, string>>>>;
}

export type WaveProblem =
  | 'required'
  | 'tooLong'
  | 'unknownCountry'
  | 'unknownArea'
  | 'dateFormat'
  | 'endBeforeStart'
  | 'noLanguage'
  | 'unknownChoice'
  | 'questionMissingLanguage'
  | 'questionOptions'
  | 'questionOptionsDiffer'
  | 'questionTooLong';

export type WaveValidation = { ok: true; value: Omit<Wave, 'id' | 'organisationId' | 'status' | 'createdDay'> } | { ok: false; problems: Record<string, WaveProblem> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function validDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Checks a wave form; custom questions are given per language as "question, then options, one per line". */
export async function validateWave(db: Db, input: WaveInput): Promise<WaveValidation> {
  const problems: Record<string, WaveProblem> = {};
  const title = input.title.trim();
  if (!title) problems.title = 'required';
  else if ([...title].length > 120) problems.title = 'tooLong';
  const country = input.countryCode.trim().toUpperCase();
  if (!isCountryCode(country)) problems.country = country ? 'unknownCountry' : 'required';
  let areaId: string | null = null;
  if (input.areaId.trim()) {
    const area = await db.selectFrom('areas').select(['id', 'country_code']).where('id', '=', input.areaId.trim().slice(0, 100)).executeTakeFirst();
    if (!area || area.country_code !== country) problems.area = 'unknownArea';
    else areaId = area.id;
  }
  const starts = input.startsDay.trim();
  const ends = input.endsDay.trim();
  if (!validDay(starts)) problems.starts = starts ? 'dateFormat' : 'required';
  if (!validDay(ends)) problems.ends = ends ? 'dateFormat' : 'required';
  else if (!problems.starts && ends < starts) problems.ends = 'endBeforeStart';
  const languages = [...new Set(input.languages)];
  if (languages.length === 0) problems.languages = 'noLanguage';
  else if (!languages.every((l) => (REPORTER_LOCALES as readonly string[]).includes(l))) problems.languages = 'unknownChoice';
  const langs = REPORTER_LOCALES.filter((l) => languages.includes(l));
  const custom: CustomQuestion[] = [];
  input.custom.slice(0, MAX_CUSTOM_QUESTIONS).forEach((perLang, qi) => {
    const field = `custom${qi + 1}`;
    const filled = langs.filter((l) => (perLang[l] ?? '').trim() !== '');
    if (filled.length === 0) return;
    if (filled.length < langs.length) {
      problems[field] = 'questionMissingLanguage';
      return;
    }
    const parsed = langs.map((l) =>
      (perLang[l] ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const counts = new Set(parsed.map((p) => p.length - 1));
    if (counts.size > 1) {
      problems[field] = 'questionOptionsDiffer';
      return;
    }
    const optionCount = parsed[0]!.length - 1;
    if (optionCount < MIN_OPTIONS || optionCount > MAX_OPTIONS) {
      problems[field] = 'questionOptions';
      return;
    }
    if (parsed.some((p) => [...p[0]!].length > QUESTION_MAX || p.slice(1).some((o) => [...o].length > OPTION_MAX))) {
      problems[field] = 'questionTooLong';
      return;
    }
    custom.push({
      id: `c${qi + 1}`,
      text: Object.fromEntries(langs.map((l, i) => [l, parsed[i]![0]!])),
      options: Array.from({ length: optionCount }, (_, oi) => ({ id: `o${oi + 1}`, text: Object.fromEntries(langs.map((l, i) => [l, parsed[i]![oi + 1]!])) })),
    });
  });
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: { title, countryCode: country, areaId, startsDay: starts, endsDay: ends, languages: langs, custom } };
}

/** The form text of a wave's custom questions, per question and language (for editing). */
export function customAsText(w: Wave): Array<Partial<Record<ReporterLocale, string>>> {
  return w.custom.map((q) => Object.fromEntries(w.languages.map((l) => [l, [q.text[l] ?? '', ...q.options.map((o) => o.text[l] ?? '')].join('\n')])));
}

export async function createWave(deps: CoreDeps, user: StaffUser, value: Extract<WaveValidation, { ok: true }>['value']): Promise<string> {
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('survey_waves')
      .values({
        id,
        organisation_id: user.organisationId,
        title: value.title,
        country_code: value.countryCode,
        area_id: value.areaId,
        starts_day: value.startsDay,
        ends_day: value.endsDay,
        languages: value.languages.join(' '),
        status: 'draft',
        questions: JSON.stringify(value.custom),
        created_day: dayOf(deps.clock),
      })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'survey_wave_changed',
      subjectType: 'survey_wave',
      subjectId: id,
      detail: { change: 'created' },
    });
  });
  return id;
}

/** Changes a wave. Once anyone has answered, its questions and languages are fixed (answers must mean what was asked). */
export async function updateWave(deps: CoreDeps, user: StaffUser, id: string, value: Extract<WaveValidation, { ok: true }>['value']): Promise<'ok' | 'not-found' | 'answered'> {
  const wave = await findWave(deps.db, id);
  if (!wave || wave.organisationId !== user.organisationId) return 'not-found';
  const answered = ((await responseCounts(deps.db, [id])).get(id) ?? 0) > 0;
  if (answered && (JSON.stringify(wave.custom) !== JSON.stringify(value.custom) || wave.languages.join(' ') !== value.languages.join(' '))) return 'answered';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('survey_waves')
      .set({
        title: value.title,
        country_code: value.countryCode,
        area_id: value.areaId,
        starts_day: value.startsDay,
        ends_day: value.endsDay,
        languages: value.languages.join(' '),
        questions: JSON.stringify(value.custom),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'survey_wave_changed',
      subjectType: 'survey_wave',
      subjectId: id,
      detail: { change: 'updated' },
    });
    await markStatisticsStale(trx);
  });
  return 'ok';
}

/** Opens a draft wave, or closes an open one. A closed wave is never reopened: its results could then be compared before and after. */
export async function setWaveStatus(deps: CoreDeps, user: StaffUser, id: string, status: 'open' | 'closed'): Promise<boolean> {
  const wave = await findWave(deps.db, id);
  if (!wave || wave.organisationId !== user.organisationId) return false;
  if (status === 'open' && wave.status !== 'draft') return false;
  if (status === 'closed' && wave.status === 'closed') return false;
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('survey_waves').set({ status }).where('id', '=', id).execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'survey_wave_changed',
      subjectType: 'survey_wave',
      subjectId: id,
      detail: { change: status },
    });
    await markStatisticsStale(trx);
  });
  return true;
}

// ---------------------------------------------------------------- responses

export type Answers = Readonly<Record<string, readonly string[]>>;
export type AnswerProblem = 'unknownChoice' | 'oneOnly' | 'exclusive' | 'empty';

/** Checks answers against the wave's questions; unknown questions are dropped. */
export function validateAnswers(wave: Wave, answers: Answers): { ok: true; value: Map<string, string[]> } | { ok: false; problems: Record<string, AnswerProblem> } {
  const problems: Record<string, AnswerProblem> = {};
  const value = new Map<string, string[]>();
  let answered = 0;
  for (const q of waveQuestions(wave.custom)) {
    const chosen = [...new Set(answers[q.id] ?? [])].filter((a) => a !== '');
    if (!chosen.every((a) => q.options.includes(a))) problems[q.id] = 'unknownChoice';
    else if (q.kind === 'single' && chosen.length > 1) problems[q.id] = 'oneOnly';
    else if (q.exclusive && chosen.includes(q.exclusive) && chosen.length > 1) problems[q.id] = 'exclusive';
    else {
      if (chosen.length > 0) answered++;
      value.set(q.id, q.kind === 'single' && chosen.length === 0 ? [NO_ANSWER] : chosen);
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  if (answered === 0) return { ok: false, problems: { _form: 'empty' } };
  return { ok: true, value };
}

/** Stores one anonymous response, in one transaction, only if the wave is collecting answers today. */
export async function submitResponse(deps: Pick<CoreDeps, 'db' | 'clock'>, wave: Wave, answers: Map<string, string[]>): Promise<boolean> {
  if (wavePhase(wave, dayOf(deps.clock)) !== 'collecting') return false;
  const id = randomId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('survey_waves').select(['status', 'starts_day', 'ends_day']).where('id', '=', wave.id).executeTakeFirst();
      if (!current || wavePhase({ status: current.status as WaveStatus, startsDay: current.starts_day, endsDay: current.ends_day }, dayOf(deps.clock)) !== 'collecting') throw new WaveClosedError();
      await trx.insertInto('survey_responses').values({ id, wave_id: wave.id }).execute();
      const rows = [...answers].flatMap(([question, list]) => list.map((answer) => ({ response_id: id, wave_id: wave.id, question, answer })));
      if (rows.length) await trx.insertInto('survey_answers').values(rows).execute();
    });
  } catch (err) {
    // Closed between the page loading and the transaction: nothing was stored.
    if (err instanceof WaveClosedError) return false;
    throw err;
  }
  return true;
}

class WaveClosedError extends Error {}

/** Answer counts of waves: (wave, question, answer) → people. */
export async function answerCounts(db: Db, waveIds: readonly string[]): Promise<Map<string, number>> {
  if (waveIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_answers')
    .select(['wave_id', 'question', 'answer', (eb) => eb.fn.countAll<number>().as('n')])
    .where('wave_id', 'in', [...waveIds])
    .groupBy(['wave_id', 'question', 'answer'])
    .execute();
  return new Map(rows.map((r) => [`${r.wave_id}|${r.question}|${r.answer}`, Number(r.n)]));
}

/** Waves whose results may be published: closed (by status or past their end). */
export async function closedWaves(db: Db, today: string): Promise<Wave[]> {
  const rows = await db.selectFrom('survey_waves').selectAll().where('status', '!=', 'draft').orderBy('starts_day').orderBy('id').execute();
  return rows.map(toWave).filter((w) => wavePhase(w, today) === 'closed');
}
