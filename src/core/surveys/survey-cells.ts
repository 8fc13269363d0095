/**
 * Survey results as cells for publication: per wave and pooled by the legal
 * model of the wave's country. A wave with fewer than k responses publishes
 * nothing at all, and is not part of any pooled figure either (otherwise its
 * answers could be worked out by subtracting the published waves).
 */
import { LEGAL_MODELS, legalModelOf, type LegalModel } from '../statistics/legal-models.js';
import type { AtLeastSum, AtMost, Equation, Relations } from '../statistics/protect.js';
import { NO_ANSWER, STANDARD_QUESTIONS, waveQuestions, type CustomQuestion } from './instrument.js';
import { publicWaveId, type Wave } from './surveys.service.js';

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
  const equations: Equation[] = [];
  const atMost: AtMost[] = [];
  const atLeastSum: AtLeastSum[] = [];
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
      for (const o of opts) {
        values.set(surveyKey(family, `w.${id}`, o), count(w, q.id, o));
        if (q.kind === 'multi') atMost.push({ cell: surveyKey(family, `w.${id}`, o), bound: nKey });
      }
      if (q.kind === 'single') equations.push({ parent: nKey, children: opts.map((o) => surveyKey(family, `w.${id}`, o)) });
    }
  }

  const models = LEGAL_MODELS.filter((m) => byModel.has(m));
  for (const m of models) {
    const ids = byModel.get(m)!;
    const nKey = surveyKey('svn', `m.${m}`, 'n');
    values.set(nKey, ids.reduce((s, id) => s + values.get(surveyKey('svn', `w.${id}`, 'n'))!, 0));
    equations.push({ parent: nKey, children: ids.map((id) => surveyKey('svn', `w.${id}`, 'n')) });
    for (const q of STANDARD_QUESTIONS) {
      const family = `sv.${q.id}`;
      const opts = publishedOptions(q);
      for (const o of opts) {
        const key = surveyKey(family, `m.${m}`, o);
        const parts = ids.map((id) => surveyKey(family, `w.${id}`, o));
        values.set(key, parts.reduce((s, p) => s + values.get(p)!, 0));
        equations.push({ parent: key, children: parts });
        if (q.kind === 'multi') atMost.push({ cell: key, bound: nKey });
      }
      if (q.kind === 'single') equations.push({ parent: nKey, children: opts.map((o) => surveyKey(family, `m.${m}`, o)) });
    }
  }
  return { waves: publicWaves, models, values, relations: { equations, atMost, atLeastSum } };
}
