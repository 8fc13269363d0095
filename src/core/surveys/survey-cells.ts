/**
 * Survey results as cells for publication: per wave and pooled by the legal
 * model of the wave's country. A wave with fewer than k responses publishes
 * nothing at all, and is not part of any pooled figure either (otherwise its
 * answers could be worked out by subtracting the published waves).
 */
import { LEGAL_MODELS, legalModelOf, type LegalModel } from '../statistics/legal-models.js';
import { hidingWeight } from '../statistics/report-cells.js';
import { protect, type AtLeastSum, type AtMost, type Equation, type Relations } from '../statistics/protect.js';
import type { Db } from '../shared/deps.js';
import { NO_ANSWER, STANDARD_QUESTIONS, waveQuestions, type CustomQuestion } from './instrument.js';
import { answerCounts, publicWaveId, responseCounts, type Wave } from './surveys.service.js';

/** A published cell (the same shape as a release's). */
type PublishedCell = number | 'small' | 'hidden';

/** What the public learns about a wave. */
export interface PublicWave {
  /** A stable public id (not the address of the form). */
  readonly id: string;
  readonly title: string;
  readonly country: string;
  readonly areaId: string | null;
  readonly model: LegalModel;
  /** Period by month. */
  readonly fromMonth: string;
  readonly toMonth: string;
  readonly languages: readonly string[];
  /** False when fewer than k people answered: then nothing else is published. */
  readonly published: boolean;
  /** Number of responses (only when published). */
  readonly n: number | null;
  readonly custom: readonly CustomQuestion[];
}

export interface SurveyCells {
  readonly waves: readonly PublicWave[];
  /** Legal models with pooled results. */
  readonly models: readonly LegalModel[];
  readonly values: Map<string, number>;
  readonly relations: Relations;
}

export const surveyKey = (family: string, where: string, answer: string) => `${family}|${where}|${answer}`;

/** The options of a question as published, "no answer" included for single-choice questions. */
export function publishedOptions(q: { kind: 'single' | 'multi'; options: readonly string[] }): string[] {
  return q.kind === 'single' ? [...q.options, NO_ANSWER] : [...q.options];
}

export function surveyCells(waves: readonly Wave[], n: ReadonlyMap<string, number>, counts: ReadonlyMap<string, number>, k: number): SurveyCells {
  const values = new Map<string, number>();
  const publicWaves: PublicWave[] = [];
  const byModel = new Map<LegalModel, string[]>();
  const count = (w: Wave, q: string, a: string) => counts.get(`${w.id}|${q}|${a}`) ?? 0;

  for (const w of waves) {
    const responses = n.get(w.id) ?? 0;
    const published = responses >= k;
    const id = publicWaveId(w.id);
    const model = legalModelOf(w.countryCode);
    publicWaves.push({
      id,
      title: w.title,
      country: w.countryCode,
      areaId: w.areaId,
      model,
      fromMonth: w.startsDay.slice(0, 7),
      toMonth: w.endsDay.slice(0, 7),
      languages: w.languages,
      published,
      n: published ? responses : null,
      custom: published ? w.custom : [],
    });
    if (!published) continue;
    (byModel.get(model) ?? byModel.set(model, []).get(model)!).push(id);
    const nKey = surveyKey('svn', `w.${id}`, 'n');
    values.set(nKey, responses);
    for (const q of waveQuestions(w.custom)) {
      const family = q.custom ? `svc.${id}.${q.id}` : `sv.${q.id}`;
      const opts = publishedOptions(q);
      for (const o of opts) values.set(surveyKey(family, `w.${id}`, o), count(w, q.id, o));
    }
  }

  const models = LEGAL_MODELS.filter((m) => byModel.has(m));
  for (const m of models) {
    const ids = byModel.get(m)!;
    const nKey = surveyKey('svn', `m.${m}`, 'n');
    values.set(
      nKey,
      ids.reduce((s, id) => s + values.get(surveyKey('svn', `w.${id}`, 'n'))!, 0),
    );
    for (const q of STANDARD_QUESTIONS) {
      for (const o of publishedOptions(q)) {
        const parts = ids.map((id) => surveyKey(`sv.${q.id}`, `w.${id}`, o));
        values.set(
          surveyKey(`sv.${q.id}`, `m.${m}`, o),
          parts.reduce((s, p) => s + values.get(p)!, 0),
        );
      }
    }
  }
  return { waves: publicWaves, models, values, relations: surveyRelations(publicWaves) };
}

/**
 * Every relation between survey cells, from what is public about the waves:
 * a single-choice question's answers (with "no answer") add up to the
 * respondents; a multiple-choice answer is at most the respondents; a legal
 * model's figures are the sums of its published waves'.
 */
export function surveyRelations(waves: readonly PublicWave[]): Relations {
  const equations: Equation[] = [];
  const atMost: AtMost[] = [];
  const atLeastSum: AtLeastSum[] = [];
  const published = waves.filter((w) => w.published);
  for (const w of published) {
    const nKey = surveyKey('svn', `w.${w.id}`, 'n');
    for (const q of waveQuestions(w.custom)) {
      const family = q.custom ? `svc.${w.id}.${q.id}` : `sv.${q.id}`;
      const opts = publishedOptions(q);
      if (q.kind === 'single') equations.push({ parent: nKey, children: opts.map((o) => surveyKey(family, `w.${w.id}`, o)) });
      else for (const o of opts) atMost.push({ cell: surveyKey(family, `w.${w.id}`, o), bound: nKey });
    }
  }
  for (const m of LEGAL_MODELS) {
    const ids = published.filter((w) => w.model === m).map((w) => w.id);
    if (ids.length === 0) continue;
    const nKey = surveyKey('svn', `m.${m}`, 'n');
    equations.push({ parent: nKey, children: ids.map((id) => surveyKey('svn', `w.${id}`, 'n')) });
    for (const q of STANDARD_QUESTIONS) {
      const opts = publishedOptions(q);
      for (const o of opts) {
        equations.push({ parent: surveyKey(`sv.${q.id}`, `m.${m}`, o), children: ids.map((id) => surveyKey(`sv.${q.id}`, `w.${id}`, o)) });
        if (q.kind === 'multi') atMost.push({ cell: surveyKey(`sv.${q.id}`, `m.${m}`, o), bound: nKey });
      }
      if (q.kind === 'single') equations.push({ parent: nKey, children: opts.map((o) => surveyKey(`sv.${q.id}`, `m.${m}`, o)) });
    }
  }
  return { equations, atMost, atLeastSum };
}

/**
 * The protected results of one closed wave, as its organisation's monitors
 * see them: null when fewer than k people answered (nothing is shown, here
 * as on the public pages); otherwise each (question, answer) cell as it
 * would be published for this wave alone.
 */
export async function waveResults(db: Db, wave: Wave, k: number): Promise<{ n: number; cells: Map<string, PublishedCell> } | null> {
  const n = await responseCounts(db, [wave.id]);
  const responses = n.get(wave.id) ?? 0;
  if (responses < k) return null;
  const cells = surveyCells([wave], n, await answerCounts(db, [wave.id]), k);
  const protection = protect({ values: cells.values, relations: cells.relations, k, familyOf: (key) => key.slice(0, key.indexOf('|')), weightOf: hidingWeight });
  const id = publicWaveId(wave.id);
  const out = new Map<string, PublishedCell>();
  for (const [key, status] of protection.status) {
    const [family, where, answer] = key.split('|') as [string, string, string];
    if (where !== `w.${id}` || family === 'svn') continue;
    const q = family.startsWith('svc.') ? family.slice(family.lastIndexOf('.') + 1) : family.slice(3);
    out.set(`${q}|${answer}`, status === 'shown' ? cells.values.get(key)! : status);
  }
  return { n: responses, cells: out };
}
