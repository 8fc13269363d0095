/**
 * Demo data for policy-impact monitoring (local use only): the operation the
 * organisations themselves documented (London, Soho and Chinatown, 2016),
 * two clearly marked demo operations elsewhere, and one closed demo survey
 * wave with made-up answers, so that every public page has something to show.
 * Seed records are written directly, not as staff actions, so they leave no
 * audit entries.
 */
import { randomId } from '../crypto/index.js';
import type { StaffUser } from '../core/accounts/accounts.service.js';
import type { DemoKey } from './demo-key.js';
import { dayOf, type CoreDeps } from '../core/shared/deps.js';
import { NO_ANSWER, STANDARD_QUESTIONS } from '../core/surveys/instrument.js';
import { openMonitoringKey } from '../core/monitoring/monitoring-key.js';
import { operationRow } from '../core/monitoring/operations.service.js';
import { FIGURES, type Figure, type OperationInput } from '../core/monitoring/operations.types.js';

const none = Object.fromEntries(FIGURES.map((f) => [f, null])) as Record<Figure, number | null>;

/** The Soho and Chinatown operation, as the organisations documented it. */
export const SOHO_2016: OperationInput = {
  date: '2016',
  countryCode: 'GB',
  city: 'London (Soho and Chinatown)',
  agencies: ['police', 'immigration'],
  purpose: 'anti_trafficking',
  figures: { ...none, premises: 6, arrested: 18, arrested_other_offences: 6, removed: 12, victims_identified: 0 },
  harms: [],
  sources: [{ type: 'community_testimony', title: 'Account documented by sex-worker-led organisations', url: '' }],
  published: true,
  notes: 'Of the 18 people arrested, 12 were removed on immigration grounds and 6 were held for other offences. No victims of trafficking were identified.',
};

const DEMO_OPERATIONS: ReadonlyArray<{ organisation: string; input: OperationInput }> = [
  { organisation: 'soho-peers', input: SOHO_2016 },
  {
    organisation: 'parapluie-paris',
    input: {
      date: '2019-06',
      countryCode: 'FR',
      city: 'Paris',
      agencies: ['police'],
      purpose: 'public_order',
      figures: { ...none, premises: 3, people_affected: 14, arrested: 4, removed: 2, victims_identified: 0, referred_support: 1 },
      harms: ['evictions', 'loss_of_income'],
      sources: [{ type: 'community_testimony', title: 'Demo: testimony recorded at a drop-in', url: '' }],
      published: true,
      notes: 'Demo record, not a real operation.',
    },
  },
  {
    organisation: 'rotschirm',
    input: {
      date: '2021-03-18',
      countryCode: 'DE',
      city: 'Berlin',
      agencies: ['joint', 'labour_inspection'],
      purpose: 'closure_of_premises',
      figures: { ...none, premises: 2, people_affected: 9, arrested: 0, charged: 0, victims_identified: 0 },
      harms: ['closure_notices', 'people_moving_away'],
      sources: [{ type: 'press', title: 'Demo: local press report', url: '' }],
      published: true,
      notes: 'Demo record, not a real operation.',
    },
  },
];

/** Deterministic made-up answers (a small linear congruential generator), so demo results are the same every time. */
function demoAnswers(count: number): Array<Map<string, string[]>> {
  let seed = 20240611;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return Array.from({ length: count }, () => {
    const answers = new Map<string, string[]>();
    for (const q of STANDARD_QUESTIONS) {
      if (q.kind === 'single') answers.set(q.id, [next(5) === 0 ? NO_ANSWER : q.options[next(q.options.length)]!]);
      else {
        const picked = q.options.filter((o) => o !== ('exclusive' in q ? q.exclusive : '') && next(3) === 0);
        answers.set(q.id, picked.length ? picked : 'exclusive' in q ? [q.exclusive] : []);
      }
    }
    return answers;
  });
}

/** Adds the demo monitoring data; does nothing where it is already there. */
export async function seedMonitoringDemo(deps: CoreDeps, keys: readonly DemoKey[]): Promise<void> {
  for (const { organisation, input } of DEMO_OPERATIONS) {
    const k = keys.find((x) => x.organisation === organisation && x.role === 'admin');
    if (!k) continue;
    const existing = await deps.db.selectFrom('operations').select('id').where('organisation_id', '=', k.organisationId).limit(1).executeTakeFirst();
    if (existing) continue;
    const user: StaffUser = { id: k.userId, organisationId: k.organisationId, role: 'admin', displayName: 'demo', username: k.username };
    await deps.db.transaction().execute(async (trx) => {
      const key = await openMonitoringKey(trx, deps.clock, user, k.keyPair);
      // Written directly, without an audit entry: seed data is not a staff action.
      await trx
        .insertInto('operations')
        .values(operationRow(randomId(), k.organisationId, key, input, dayOf(deps.clock)))
        .execute();
    });
  }
  const romania = keys.find((x) => x.organisation === 'umbrela-rosie' && x.role === 'admin');
  if (!romania) return;
  const hasWave = await deps.db.selectFrom('survey_waves').select('id').where('organisation_id', '=', romania.organisationId).limit(1).executeTakeFirst();
  if (hasWave) return;
  const waveId = randomId();
  const day = dayOf(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('survey_waves')
      .values({
        id: waveId,
        organisation_id: romania.organisationId,
        title: 'Demo wave: policing and safety, Bucharest',
        country_code: 'RO',
        area_id: 'ro-bucharest',
        starts_day: '2025-03-01',
        ends_day: '2025-04-30',
        languages: 'ro en ru',
        status: 'closed',
        questions: '[]',
        created_day: day,
      })
      .execute();
    for (const answers of demoAnswers(24)) {
      const responseId = randomId();
      await trx.insertInto('survey_responses').values({ id: responseId, wave_id: waveId }).execute();
      const rows = [...answers].flatMap(([question, list]) => list.map((answer) => ({ response_id: responseId, wave_id: waveId, question, answer })));
      if (rows.length) await trx.insertInto('survey_answers').values(rows).execute();
    }
  });
}
