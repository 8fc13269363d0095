/**
 * Statistics releases. The public pages, the open data and the evidence
 * report all read one release: the protected cells, built once for a cut-off
 * day and stored, so that every page shows exactly the same numbers and a
 * page costs a lookup rather than an aggregate over every report.
 *
 * A release counts reports received before the first day of the current
 * month. It is rebuilt when the month turns, when k changes (then before
 * anything is shown), and after monitors change operations or close a
 * survey wave (it is then marked stale and rebuilt in the background).
 */
import { randomId } from '../../crypto/index.js';
import type { Clock, Db } from '../shared/deps.js';
import { answerCounts, closedWaves, responseCounts } from '../surveys/surveys.service.js';
import { surveyCells, surveyRelations, type PublicWave } from '../surveys/survey-cells.js';
import type { LegalModel } from './legal-models.js';
import { protect, type CellStatus, type Relations } from './protect.js';
import { aggregateReports, citiesOf, familyOfKey, hidingWeight, reportCells, reportRelations, type ReportDimensions } from './report-cells.js';

/** A published cell: a count, "small" (fewer than k) or "hidden" (held back to protect a small cell). */
export type PublishedCell = number | 'small' | 'hidden';

export interface ReleaseCity {
  readonly country: string;
  /** Area id, or null for the rest of the country. */
  readonly area: string | null;
  readonly name: string | null;
  readonly n: number;
}

export interface ReleaseBody {
  readonly format: 1;
  readonly cutoffDay: string;
  readonly k: number;
  readonly dims: ReportDimensions;
  /** Every published cell; a key that is absent was not published. */
  readonly cells: Readonly<Record<string, PublishedCell>>;
  /** Families of cells withdrawn whole, because no hidden cell could protect them. */
  readonly withdrawn: readonly string[];
  readonly cities: readonly ReleaseCity[];
  readonly surveys: { readonly waves: readonly PublicWave[]; readonly models: readonly LegalModel[] };
  /** How much protection cost: cells hidden, and groups checked by propagation only. */
  readonly protection: { readonly small: number; readonly hidden: number; readonly largeGroups: number };
}

export interface Release {
  readonly id: string;
  readonly builtAt: string;
  readonly stale: boolean;
  readonly body: ReleaseBody;
}

/** The first day of the month of `clock`'s today (UTC): reports from before it are counted. */
export function cutoffDayFor(clock: Clock): string {
  return `${clock.now().toISOString().slice(0, 7)}-01`;
}

/** Computes a release body from the database (the expensive part: one aggregate query, then protection). */
export async function computeRelease(db: Db, clock: Clock, k: number): Promise<ReleaseBody> {
  const cutoffDay = cutoffDayFor(clock);
  const today = clock.now().toISOString().slice(0, 10);
  const rows = await aggregateReports(db, cutoffDay);
  const report = reportCells(rows, cutoffDay);
  const waves = await closedWaves(db, today);
  const ids = waves.map((w) => w.id);
  const survey = surveyCells(waves, await responseCounts(db, ids), await answerCounts(db, ids), k);

  const values = new Map<string, number>([...report.values, ...survey.values]);
  const relations = {
    equations: [...report.relations.equations, ...survey.relations.equations],
    atMost: [...report.relations.atMost, ...survey.relations.atMost],
    atLeastSum: [...report.relations.atLeastSum, ...survey.relations.atLeastSum],
  };
  const protection = protect({ values, relations, k, familyOf: familyOfKey, weightOf: hidingWeight });
  const cells: Record<string, PublishedCell> = {};
  let small = 0;
  for (const [key, status] of protection.status) {
    cells[key] = published(status, values.get(key)!);
    if (status === 'small') small++;
  }

  const cities: ReleaseCity[] = [];
  const areaNames = new Map((await db.selectFrom('areas').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
  for (const country of report.dims.countries) {
    const total = cells[`total|c.${country}|*`];
    if (typeof total !== 'number' || total < k) continue;
    const areas = report.byArea.filter((a) => a.country === country);
    for (const c of citiesOf(country, total, areas, k)) cities.push({ country, area: c.area, name: c.area ? (areaNames.get(c.area) ?? c.area) : null, n: c.n });
  }
  return {
    format: 1,
    cutoffDay,
    k,
    dims: report.dims,
    cells,
    withdrawn: [...protection.withdrawn].sort(),
    cities,
    surveys: { waves: survey.waves, models: survey.models },
    protection: { small, hidden: protection.hidden, largeGroups: protection.largeGroups },
  };
}

/** Every relation between the cells of a release: what a reader can work with (for audits). */
export function releaseRelations(body: ReleaseBody): Relations {
  const r = reportRelations(body.dims);
  const s = surveyRelations(body.surveys.waves);
  return { equations: [...r.equations, ...s.equations], atMost: [...r.atMost, ...s.atMost], atLeastSum: [...r.atLeastSum, ...s.atLeastSum] };
}

function published(status: CellStatus, value: number): PublishedCell {
  return status === 'shown' ? value : status;
}

const KEEP_RELEASES = 3;

/** Builds a release now and stores it as the current one. */
export async function buildRelease(db: Db, clock: Clock, k: number): Promise<Release> {
  const body = await computeRelease(db, clock, k);
  // Releases are ordered by build time; keep it strictly increasing even under a fixed or coarse clock.
  const previous = await db.selectFrom('stats_releases').select('built_at').orderBy('built_at', 'desc').limit(1).executeTakeFirst();
  let at = clock.now().getTime();
  if (previous && Date.parse(previous.built_at) >= at) at = Date.parse(previous.built_at) + 1;
  const release: Release = { id: randomId(), builtAt: new Date(at).toISOString(), stale: false, body };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('stats_releases')
      .values({ id: release.id, cutoff_day: body.cutoffDay, built_at: release.builtAt, k, stale: 0, body: JSON.stringify(body) })
      .execute();
    const old = await trx.selectFrom('stats_releases').select('id').orderBy('built_at', 'desc').orderBy('id', 'desc').offset(KEEP_RELEASES).limit(1000).execute();
    if (old.length)
      await trx
        .deleteFrom('stats_releases')
        .where(
          'id',
          'in',
          old.map((o) => o.id),
        )
        .execute();
  });
  remember(release);
  return release;
}

// Parsed releases by id (ids are random, so one cache serves every database in the process).
const parsed = new Map<string, Release>();
function remember(r: Release): void {
  parsed.set(r.id, r);
  while (parsed.size > 8) parsed.delete(parsed.keys().next().value!);
}

/** The newest stored release, or undefined. Parses the body once per release per process. */
export async function latestRelease(db: Db): Promise<Release | undefined> {
  const head = await db.selectFrom('stats_releases').select(['id', 'built_at', 'stale']).orderBy('built_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!head) return undefined;
  const cachedRelease = parsed.get(head.id);
  if (cachedRelease) return cachedRelease.stale === (head.stale === 1) ? cachedRelease : { ...cachedRelease, stale: head.stale === 1 };
  const row = await db.selectFrom('stats_releases').select('body').where('id', '=', head.id).executeTakeFirst();
  if (!row) return undefined;
  const release: Release = { id: head.id, builtAt: head.built_at, stale: head.stale === 1, body: JSON.parse(row.body) as ReleaseBody };
  remember(release);
  return release;
}

const building = new WeakMap<object, Promise<Release>>();

/** One build at a time per database handle in this process; concurrent callers share it. */
function buildOnce(db: Db, clock: Clock, k: number): Promise<Release> {
  const running = building.get(db);
  if (running) return running;
  const p = buildRelease(db, clock, k).finally(() => building.delete(db));
  building.set(db, p);
  return p;
}

export interface CurrentOptions {
  /** Called when a rebuild in the background fails (the previous release keeps being served). */
  readonly onBackgroundError?: (err: unknown) => void;
}

/**
 * The release to show now. Builds one first when there is none or when it
 * was made with another k (a privacy setting: never show the old one);
 * when it is merely out of date, serves it and rebuilds in the background.
 */
export async function currentRelease(db: Db, clock: Clock, k: number, opts: CurrentOptions = {}): Promise<Release> {
  const latest = await latestRelease(db);
  if (!latest || latest.body.k !== k) return buildOnce(db, clock, k);
  if (releaseDue(latest, clock, k)) buildOnce(db, clock, k).catch((err) => opts.onBackgroundError?.(err));
  return latest;
}

/** Whether a new release is due: none yet, built with another k, out of date (data changed) or from an earlier month. */
export function releaseDue(latest: Release | undefined, clock: Clock, k: number): boolean {
  return !latest || latest.body.k !== k || latest.stale || latest.body.cutoffDay !== cutoffDayFor(clock);
}

/** Builds a new release when one is due (the background job); null when the current one is up to date. */
export async function refreshRelease(db: Db, clock: Clock, k: number): Promise<Release | null> {
  return releaseDue(await latestRelease(db), clock, k) ? buildOnce(db, clock, k) : null;
}

/** When the current release was built and whether a newer one is being built (for monitors). */
export async function releaseStatus(db: Db): Promise<{ latest: { id: string; builtAt: string; cutoffDay: string; stale: boolean } | null; building: boolean }> {
  const head = await db.selectFrom('stats_releases').select(['id', 'built_at', 'cutoff_day', 'stale']).orderBy('built_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { latest: head ? { id: head.id, builtAt: head.built_at, cutoffDay: head.cutoff_day, stale: head.stale === 1 } : null, building: building.has(db) };
}

/** Starts a rebuild in the background (monitors' "publish now"); returns at once. */
export function rebuildInBackground(db: Db, clock: Clock, k: number, onError: (err: unknown) => void): void {
  buildOnce(db, clock, k).catch(onError);
}
