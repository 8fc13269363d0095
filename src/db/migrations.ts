/**
 * Portable migrations: the same schema-builder calls run on SQLite and
 * PostgreSQL. No autoincrement or serial (ids are made by the application),
 * bytea for binary, integers for booleans, text for days.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { migration as m0001 } from './migrations/0001-initial.js';
import { migration as m0002 } from './migrations/0002-caseworker-workspace.js';
import { migration as m0003 } from './migrations/0003-services-rights.js';
import { migration as m0004 } from './migrations/0004-community-safety.js';
import { migration as m0005 } from './migrations/0005-monitoring.js';
import { migration as m0006 } from './migrations/0006-consent-retention.js';
import { migration as m0007 } from './migrations/0007-staff-sessions.js';
import { migration as m0008 } from './migrations/0008-identifier-lookup.js';
import { migration as m0009 } from './migrations/0009-warning-counts.js';
import { migration as m0011 } from './migrations/0011-throttle-names.js';
import { migration as m0013 } from './migrations/0013-member-signups.js';
import { migration as m0014 } from './migrations/0014-network-content.js';
import { migration as m0015 } from './migrations/0015-custody.js';
import { migration as m0017 } from './migrations/0017-shared-instances.js';
import { migration as m0018 } from './migrations/0018-heartbeat.js';
import { migration as m0019 } from './migrations/0019-identifier-service.js';
import { migration as m0020 } from './migrations/0020-service-changes.js';
import { migration as m0021 } from './migrations/0021-inbox-counts.js';
import { migration as m0022 } from './migrations/0022-form-tokens.js';
import { migration as m0023 } from './migrations/0023-attachments.js';
import { migration as m0024 } from './migrations/0024-case-activity.js';
import { migration as m0025 } from './migrations/0025-reader-languages.js';
import { migration as m0026 } from './migrations/0026-form-tokens-no-pages.js';

/** Every migration, in order. Names sort lexically. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': m0001,
  '0002_caseworker_workspace': m0002,
  '0003_services_rights': m0003,
  '0004_community_safety': m0004,
  '0005_monitoring': m0005,
  '0006_consent_retention': m0006,
  '0007_staff_sessions': m0007,
  '0008_identifier_lookup': m0008,
  '0009_warning_counts': m0009,
  '0011_throttle_names': m0011,
  '0013_member_signups': m0013,
  '0014_network_content': m0014,
  '0015_custody': m0015,
  '0017_shared_instances': m0017,
  '0018_heartbeat': m0018,
  '0019_identifier_service': m0019,
  '0020_service_changes': m0020,
  '0021_inbox_counts': m0021,
  '0022_form_tokens': m0022,
  '0023_attachments': m0023,
  '0024_case_activity': m0024,
  '0025_reader_languages': m0025,
  '0026_form_tokens_no_pages': m0026,
});

class InCodeProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...migrations };
  }
}

/** Makes the migrator for a database. */
export function migrator<DB>(db: Kysely<DB>): Migrator {
  // Capabilities land in parallel, so a later-numbered migration may be applied before an earlier one lands.
  return new Migrator({ db, provider: new InCodeProvider(), migrationTableName: 'parasol_migrations', migrationLockTableName: 'parasol_migrations_lock', allowUnorderedMigrations: true });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Brings the schema to the latest version; returns the names applied. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw new MigrationError(`migration failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Undoes every migration (tests of the down path). */
export async function migrateDownAll<DB>(db: Kysely<DB>): Promise<void> {
  const m = migrator(db);
  for (;;) {
    const { error, results } = await m.migrateDown();
    if (error) throw new MigrationError(`migration down failed: ${String(error)}`, { cause: error });
    if (!results || results.length === 0) break;
  }
}

/** Confirms the connection works (health checks). */
export async function ping<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
