/** What a reporter submits, and what is decrypted back for them. */
import type { AttachmentInfo, CleanFile } from '../attachments/attachments.service.js';
import type { Category, IdentifierKind, PerpetratorType, PoliceConsent, ReportStatus } from '../taxonomy/taxonomy.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

export interface IdentifierInput {
  readonly kind: IdentifierKind;
  /** As the reporter wrote it (kept only inside the encrypted report). */
  readonly value: string;
  /** Canonical form, hashed for matching. */
  readonly normalised: string;
}

export interface ContactInput {
  /** A name or nickname to use. */
  readonly name: string;
  /** How and when to reach them safely. */
  readonly details: string;
}

/** A validated report, as the reporter surface hands it to the core. */
export interface ReportSubmission {
  /** Files sent with the report, already cleaned of hidden details (stored encrypted with it). */
  readonly attachments?: readonly CleanFile[];
  readonly countryCode: string;
  /** A covered area, or null for elsewhere in the country. */
  readonly areaId: string | null;
  /** The organisation the reporter chose, where several cover the place. */
  readonly organisationId: OrganisationId | null;
  readonly placeDetail: string;
  /** 'YYYY-MM-DD', 'YYYY-MM' or null. */
  readonly incidentDate: string | null;
  readonly categories: readonly Category[];
  readonly perpetratorTypes: readonly PerpetratorType[];
  readonly description: string;
  readonly identifiers: readonly IdentifierInput[];
  readonly wantsSupport: boolean;
  readonly warnOthers: boolean;
  readonly statistics: boolean;
  readonly police: PoliceConsent;
  readonly contact: ContactInput | null;
  /** The page language, so caseworkers know which language to answer in. */
  readonly language: string;
}

/** The encrypted part of a report (version 1 of its JSON). */
export interface ReportContent {
  readonly v: 1;
  readonly placeDetail: string;
  readonly incidentDate: string | null;
  readonly description: string;
  readonly identifiers: ReadonlyArray<{ readonly kind: IdentifierKind; readonly value: string }>;
  readonly language: string;
}

export interface ThreadMessage {
  readonly id: string;
  readonly seq: number;
  readonly author: 'reporter' | 'staff';
  readonly kind: 'message' | 'addition';
  readonly day: string;
  readonly text: string;
}

/** A report as its reporter sees it after entering the receipt. */
export interface ReporterView {
  readonly id: ReportId;
  readonly organisationName: string;
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly areaName: string | null;
  readonly incidentMonth: string | null;
  readonly categories: readonly Category[];
  readonly perpetratorTypes: readonly PerpetratorType[];
  readonly wantsSupport: boolean;
  readonly warnOthers: boolean;
  /** The day the reporter asked, after sending, that no one be warned from the report; null when they did not. */
  readonly warnWithdrawnDay: string | null;
  readonly statistics: boolean;
  readonly police: PoliceConsent;
  readonly status: ReportStatus;
  readonly createdDay: string;
  readonly content: ReportContent;
  readonly contact: ContactInput | null;
  readonly messages: readonly ThreadMessage[];
  /** Files of the report and its thread (names only; the bytes are opened on download). */
  readonly attachments: readonly AttachmentInfo[];
  /** When and why a caseworker was shown the reporter's contact details (approved releases). */
  readonly releases: ReadonlyArray<{ readonly day: string; readonly reason: string }>;
  /** Where the report stands, as its reporter sees it. */
  readonly progress: ReporterProgress;
}

/**
 * Where a report stands for its reporter, in days only: what a copied receipt
 * shows is the state (read, replied, closed) and its day, never a time.
 */
export interface ReporterProgress {
  /**
   * closed; else replied (a caseworker wrote last); else read (a caseworker has seen all the reporter sent);
   * else newMessage (read once, but the reporter wrote since); else received (nobody has opened it).
   */
  readonly state: 'received' | 'read' | 'newMessage' | 'replied' | 'closed';
  readonly receivedDay: string;
  /** The day a caseworker last opened the report, or null when nobody has. */
  readonly readDay: string | null;
  /** False when the reporter wrote after the last time a caseworker opened the report. */
  readonly latestRead: boolean;
  /** The day of the latest caseworker message. */
  readonly repliedDay: string | null;
  readonly closedDay: string | null;
}
