/**
 * Anonymous reporting: intake, opening a report with its receipt, and the
 * reporter's side of the message thread. Plain functions over the database
 * and the crypto layer; no HTTP.
 */
import {
  ciphertextFromBytes,
  decryptJson,
  deriveReceiptSecrets,
  encryptJson,
  generateReceipt,
  newContentKey,
  openSealedKey,
  randomId,
  sealKey,
  newShredKey,
  reportDataKey,
  sealForService,
  type ContentKey,
  type KeyedHash,
  type KeyPair,
  type PublicKey,
} from '../../crypto/index.js';
import type { Organisation, ReportRow } from '../../db/schema.js';
import { findArea, findOrganisation, recipientsOf } from '../organisations/organisations.repository.js';
import { routeReport } from '../organisations/routing.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { Category, PerpetratorType, PoliceConsent, ReportStatus } from '../taxonomy/taxonomy.js';
import { IdentifierServiceUnavailable, identifierHashes, identifierPrehash, pendingContext } from './identifiers.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';
import { custodiansOf, storeContactShares } from '../consent/custody-shares.js';
import { dataKeyFor } from './shred.js';
import { releasesOf } from '../consent/identity.service.js';
import { findContact, findKeySeal, findReport, findReportByLookup, insertKeySeals, insertReport, listMessages, furthestRead, nextActivitySeq, nextMessageSeq } from './reports.repository.js';
import { aad } from './report-aad.js';
import { listAttachments, storeAttachments, type CleanFile } from '../attachments/attachments.service.js';
import { claimFormToken, type FormToken } from '../sessions/form-token.js';
import type { ContactInput, ReportContent, ReportSubmission, ReporterProgress, ReporterView, ThreadMessage } from './report.types.js';
import { asReportId, type ReportId, type UserId } from '../shared/ids.js';

export { aad };

/**
 * The Argon2id flows of receipts: each has its own queue in the KDF pool, and
 * follow-up (where wrong receipts are guessed) holds at most its share of the
 * slots, so a flood of guesses never takes the capacity new reports need.
 */
export const RECEIPT_FLOWS = { intake: 'intake', followUp: 'follow-up' } as const;

/** How many of the pool's slots follow-up may hold at once: half, at least one. */
export function followUpShare(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export type SubmitResult =
  | {
      readonly kind: 'submitted';
      readonly receipt: string;
      readonly reportId: ReportId;
      readonly organisation: Organisation;
      /** Whether the report names identifiers to compare with other reports (matchNewReport). */
      readonly needsMatching: boolean;
    }
  | { readonly kind: 'choose'; readonly organisations: readonly Organisation[] }
  | { readonly kind: 'no-organisation' };

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

/**
 * Stores a report, encrypted, and returns its receipt. Everything is written
 * in one transaction: either the report, its seals, contact and identifiers
 * are all durable when this returns, or none is.
 */
export async function submitReport(deps: CoreDeps, input: ReportSubmission, makeReceipt: () => string = generateReceipt, once?: FormToken): Promise<SubmitResult> {
  const routing = await routeReport(deps.db, input.areaId, input.organisationId);
  if (routing.kind !== 'routed') return routing;
  const organisation = routing.organisation;
  const recipients = await recipientsOf(deps.db, organisation.id);
  const day = dayOf(deps.clock);
  const idents = await prepareIdentifiers(deps, input.identifiers);

  for (let attempt = 0; ; attempt++) {
    const receipt = makeReceipt();
    const secrets = await deriveReceiptSecrets(receipt, deps.secrets.installationSalt, deps.secrets.pepper, deps.receiptKdf, deps.kdf, RECEIPT_FLOWS.intake);
    const reportId = asReportId(randomId());
    // The content key is sealed to readers; the data key that encrypts also needs the report's shred key from the vault.
    const contentKey = newContentKey();
    const shredKey = newShredKey();
    const dataKey = reportDataKey(contentKey, shredKey);
    const content: ReportContent = {
      v: 1,
      placeDetail: input.placeDetail,
      incidentDate: input.incidentDate,
      description: input.description,
      identifiers: input.identifiers.map((i) => ({ kind: i.kind, value: i.value })),
      language: input.language,
    };
    const seals = [
      ...recipients.map((r) => ({ report_id: reportId, recipient_type: 'user', recipient_id: r.id, sealed_key: sealKey(contentKey, r.publicKey) })),
      { report_id: reportId, recipient_type: 'reporter', recipient_id: reportId, sealed_key: sealKey(contentKey, secrets.keyPair.publicKey) },
    ];
    try {
      await deps.db.transaction().execute(async (trx) => {
        // The same form sent twice stores one report: the second sending finds its token used and rolls back.
        if (once) await claimFormToken(trx, once, day);
        await insertReport(trx, {
          id: reportId,
          organisation_id: organisation.id,
          receipt_lookup: secrets.lookup,
          country_code: input.countryCode,
          area_id: input.areaId,
          incident_month: input.incidentDate ? input.incidentDate.slice(0, 7) : null,
          categories: input.categories.join(' '),
          perpetrator_types: input.perpetratorTypes.join(' '),
          wants_support: input.wantsSupport ? 1 : 0,
          warn_others: input.warnOthers ? 1 : 0,
          statistics_consent: input.statistics ? 1 : 0,
          police_consent: input.police,
          has_contact: input.contact ? 1 : 0,
          status: 'new',
          created_day: day,
          last_activity_day: day,
          activity_seq: await nextActivitySeq(trx),
          body: encryptJson(dataKey, content, aad.body(reportId)),
          reporter_public_key: secrets.keyPair.publicKey,
        });
        await insertKeySeals(trx, 'report_key_seals', seals);
        const vaulted = await deps.vault.wrap(trx, reportId, shredKey);
        await trx.insertInto('report_vault').values({ report_id: reportId, generation: vaulted.generation, wrapped_key: vaulted.wrapped }).execute();
        await storeAttachments(trx, dataKey, { reportId, messageId: null, author: 'reporter', day }, input.attachments ?? []);
        if (input.contact) {
          // Contact details get their own key, split 2 of n among the organisation's custodians and sealed
          // whole only to the reporter: reading the report never gives the reporter's identity (guarantee 6),
          // and no single custodian can open it; a caseworker gets it only when two custodians' shares are
          // re-sealed to them for a release.
          const contactKey = newContentKey();
          await trx
            .insertInto('report_contacts')
            .values({ report_id: reportId, body: encryptJson(reportDataKey(contactKey, shredKey), input.contact, aad.contact(reportId)) })
            .execute();
          await insertKeySeals(trx, 'contact_key_seals', [{ report_id: reportId, recipient_type: 'reporter', recipient_id: reportId, sealed_key: sealKey(contactKey, secrets.keyPair.publicKey) }]);
          await storeContactShares(trx, reportId, contactKey, await custodiansOf(trx, organisation.id));
        }
        for (const ident of idents.hashed) {
          await trx.insertInto('report_identifiers').values({ id: randomId(), report_id: reportId, kind: ident.kind, hash: ident.hash }).execute();
        }
        // The identifier service is down: each keyed hash waits sealed to the service's own key (nothing on this
        // server opens it) and is turned into its stored hash when the service returns.
        for (const ident of idents.pending) {
          await trx
            .insertInto('report_identifiers_pending')
            .values({ id: randomId(), report_id: reportId, kind: ident.kind, sealed: sealForService(ident.prehash, idents.servicePublicKey!, pendingContext(reportId, ident.kind)) })
            .execute();
        }
        // A report that names no identifier has nothing to compare: it is marked as compared here, so that
        // neither the request nor the matching sweep spends a second transaction on it.
        if (idents.hashed.length === 0 && idents.pending.length === 0) await trx.insertInto('match_scanned').values({ report_id: reportId }).execute();
      });
    } catch (err) {
      // A receipt collision (1 in 10^23 per pair) is retried with a fresh receipt.
      if (attempt < 2 && isUniqueViolation(err)) continue;
      throw err;
    }
    return { kind: 'submitted', receipt, reportId, organisation, needsMatching: idents.hashed.length > 0 };
  }
}

interface PreparedIdentifiers {
  readonly hashed: ReadonlyArray<{ kind: IdentifierKind; hash: KeyedHash }>;
  readonly pending: ReadonlyArray<{ kind: IdentifierKind; prehash: Buffer }>;
  readonly servicePublicKey: PublicKey | null;
}

/**
 * The report's identifier hashes from the identifier service; when it cannot answer, their keyed hashes to
 * seal to it, or, when its key has never been seen, nothing (the identifiers stay in the encrypted report,
 * where the caseworker reads them). Never a hash the main server could compute alone.
 */
async function prepareIdentifiers(deps: CoreDeps, identifiers: ReportSubmission['identifiers']): Promise<PreparedIdentifiers> {
  const unique: Array<{ kind: IdentifierKind; normalised: string }> = [];
  for (const i of identifiers) if (!unique.some((u) => u.kind === i.kind && u.normalised === i.normalised)) unique.push({ kind: i.kind, normalised: i.normalised });
  if (unique.length === 0) return { hashed: [], pending: [], servicePublicKey: null };
  try {
    const hashes = await identifierHashes(deps, unique);
    const hashed: Array<{ kind: IdentifierKind; hash: KeyedHash }> = [];
    unique.forEach((u, i) => {
      if (!hashed.some((h) => h.hash === hashes[i])) hashed.push({ kind: u.kind, hash: hashes[i]! });
    });
    return { hashed, pending: [], servicePublicKey: null };
  } catch (err) {
    if (!(err instanceof IdentifierServiceUnavailable)) throw err;
  }
  const servicePublicKey = await deps.identifierKeys.servicePublicKey();
  if (!servicePublicKey) return { hashed: [], pending: [], servicePublicKey: null };
  return { hashed: [], pending: unique.map((u) => ({ kind: u.kind, prehash: identifierPrehash(deps.secrets.pepper, u.kind, u.normalised) })), servicePublicKey };
}

/** What the reporter holds after entering their receipt: the report id and the keys that decrypt it. */
export interface ReporterAccess {
  readonly reportId: ReportId;
  /** The data key of the report's content (content key combined with the shred key). */
  readonly contentKey: ContentKey;
  /** The data key of the contact details, where the reporter left some. */
  readonly contactKey: ContentKey | null;
}

/** Finds and unlocks the report for a receipt; null when no report matches. */
export async function accessByReceipt(deps: CoreDeps, digits: string): Promise<ReporterAccess | null> {
  const secrets = await deriveReceiptSecrets(digits, deps.secrets.installationSalt, deps.secrets.pepper, deps.receiptKdf, deps.kdf, RECEIPT_FLOWS.followUp);
  const report = await findReportByLookup(deps.db, secrets.lookup);
  if (!report) return null;
  return unlockForReporter(deps, report.id, secrets.keyPair);
}

async function unlockForReporter(deps: CoreDeps, reportId: ReportId, keyPair: KeyPair): Promise<ReporterAccess | null> {
  const sealed = await findKeySeal(deps.db, 'report_key_seals', reportId, 'reporter', reportId);
  if (!sealed) return null;
  const contentKey = await dataKeyFor(deps.db, deps.vault, reportId, openSealedKey(sealed, keyPair));
  const contactSeal = await findKeySeal(deps.db, 'contact_key_seals', reportId, 'reporter', reportId);
  const contactKey = contactSeal ? await dataKeyFor(deps.db, deps.vault, reportId, openSealedKey(contactSeal, keyPair)) : null;
  return { reportId, contentKey, contactKey };
}

/** Decrypts the report and its thread for the reporter who holds the access. */
export async function reporterView(db: Db, access: ReporterAccess): Promise<ReporterView | null> {
  const report = await findReport(db, access.reportId);
  if (!report) return null;
  const org = await findOrganisation(db, report.organisation_id);
  const area = report.area_id ? await findArea(db, report.area_id) : undefined;
  const content = decryptJson<ReportContent>(access.contentKey, ciphertextFromBytes(Buffer.from(report.body)), aad.body(report.id));
  const messages = await decryptThread(db, report.id, access.contentKey);
  let contact: ContactInput | null = null;
  if (access.contactKey) {
    const body = await findContact(db, report.id);
    if (body) contact = decryptJson<ContactInput>(access.contactKey, ciphertextFromBytes(body), aad.contact(report.id));
  }
  return {
    id: report.id,
    organisationName: org?.name ?? '',
    countryCode: report.country_code,
    areaId: report.area_id,
    areaName: area?.name ?? null,
    incidentMonth: report.incident_month,
    categories: splitCodes(report.categories) as Category[],
    perpetratorTypes: splitCodes(report.perpetrator_types) as PerpetratorType[],
    wantsSupport: report.wants_support === 1,
    warnOthers: report.warn_others === 1,
    warnWithdrawnDay: report.warn_withdrawn_day ?? null,
    statistics: report.statistics_consent === 1,
    police: report.police_consent as PoliceConsent,
    status: report.status as ReportStatus,
    createdDay: report.created_day,
    content,
    contact,
    messages,
    attachments: await listAttachments(db, report.id, access.contentKey),
    progress: reporterProgress(report, messages, await furthestRead(db, report.id)),
    releases: (await releasesOf(db, report.id, access.contentKey)).filter((r) => r.status === 'approved').map((r) => ({ day: r.decidedDay ?? r.requestedDay, reason: r.reason })),
  };
}

/** Where the report stands for its reporter, from its row, its thread and the furthest thread position a caseworker has seen. */
export function reporterProgress(report: Pick<ReportRow, 'status' | 'created_day' | 'closed_day' | 'read_day'>, messages: readonly ThreadMessage[], seenSeq: number): ReporterProgress {
  const lastFromReporter = messages.filter((m) => m.author === 'reporter').reduce((max, m) => Math.max(max, m.seq), 0);
  const replies = messages.filter((m) => m.author === 'staff');
  const last = messages.at(-1);
  const readDay = report.read_day ?? null;
  const latestRead = readDay !== null && seenSeq >= lastFromReporter;
  const closedDay = report.status === 'closed' ? (report.closed_day ?? null) : null;
  const state = report.status === 'closed' ? 'closed' : last?.author === 'staff' ? 'replied' : latestRead ? 'read' : readDay ? 'newMessage' : 'received';
  return { state, receivedDay: report.created_day, readDay, latestRead, repliedDay: replies.at(-1)?.day ?? null, closedDay };
}

function splitCodes(s: string): string[] {
  return s.split(' ').filter(Boolean);
}

/** Decrypts a report's thread with its content key. */
export async function decryptThread(db: Db, reportId: ReportId, contentKey: ContentKey): Promise<ThreadMessage[]> {
  const rows = await listMessages(db, reportId);
  return rows.map((m) => ({
    id: m.id,
    seq: Number(m.seq),
    author: m.author as ThreadMessage['author'],
    kind: m.kind as ThreadMessage['kind'],
    day: m.created_day,
    text: decryptJson<{ text: string }>(contentKey, ciphertextFromBytes(Buffer.from(m.body)), aad.message(reportId, m.id)).text,
  }));
}

export interface NewMessage {
  readonly reportId: ReportId;
  readonly contentKey: ContentKey;
  readonly author: 'reporter' | 'staff';
  readonly kind: 'message' | 'addition';
  readonly authorUserId: UserId | null;
  readonly text: string;
  /** Files sent with the message, already cleaned; stored in the same transaction. */
  readonly attachments?: readonly CleanFile[];
}

/** Appends an encrypted message to a report's thread and marks activity on the report. */
export async function addMessage(deps: Pick<CoreDeps, 'db' | 'clock'>, msg: NewMessage, once?: FormToken): Promise<string> {
  const day = dayOf(deps.clock);
  for (let attempt = 0; ; attempt++) {
    const id = randomId();
    try {
      await deps.db.transaction().execute(async (trx) => {
        if (once) await claimFormToken(trx, once, day);
        const seq = await nextMessageSeq(trx, msg.reportId);
        await trx
          .insertInto('messages')
          .values({
            id,
            report_id: msg.reportId,
            seq,
            author: msg.author,
            kind: msg.kind,
            author_user_id: msg.authorUserId,
            created_day: day,
            body: encryptJson(msg.contentKey, { text: msg.text }, aad.message(msg.reportId, id)),
          })
          .execute();
        await storeAttachments(trx, msg.contentKey, { reportId: msg.reportId, messageId: id, author: msg.author, day }, msg.attachments ?? []);
        const update: { last_activity_day: string; status?: string; closed_day?: null; activity_seq?: number } = { last_activity_day: day };
        // Only reporters' acts move the inbox order (a staff reply has a precise time in the audit log).
        if (msg.author === 'reporter') update.activity_seq = await nextActivitySeq(trx);
        const report = await trx.selectFrom('reports').select('status').where('id', '=', msg.reportId).executeTakeFirstOrThrow();
        if (msg.author === 'reporter' && (report.status === 'waiting' || report.status === 'closed')) {
          // A reporter writing again reopens the case, and its retention clock stops.
          update.status = 'in_progress';
          update.closed_day = null;
        }
        await trx.updateTable('reports').set(update).where('id', '=', msg.reportId).execute();
      });
      return id;
    } catch (err) {
      // Two writers raced for the same sequence number: take the next one.
      if (attempt < 4 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/** Re-checks that a content key still opens the report (an access token may outlive a deleted report). */
export async function verifyAccess(db: Db, access: ReporterAccess): Promise<boolean> {
  const report = await findReport(db, access.reportId);
  if (!report) return false;
  try {
    decryptJson(access.contentKey, ciphertextFromBytes(Buffer.from(report.body)), aad.body(report.id));
    return true;
  } catch {
    return false;
  }
}
