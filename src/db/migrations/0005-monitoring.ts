/**
 * Enforcement operations, survey waves and statistics releases.
 *
 * Portable: ids are made by the application, days are text, flags are
 * integers, sealed content is bytea. Survey responses carry no time, no
 * language and nothing about the device: only the wave and the answers.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    // One random key per organisation for operation notes, sealed to each monitor and coordinator.
    await db.schema
      .createTable('monitoring_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().unique().references('organisations.id').onDelete('cascade'))
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('monitoring_key_seals')
      .addColumn('key_id', 'text', (c) => c.notNull().references('monitoring_keys.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sealed_key', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('monitoring_key_seals_pk', ['key_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('operations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('op_date', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('month', 'text')
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('city', 'text')
      .addColumn('agencies', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('premises', 'integer')
      .addColumn('people_affected', 'integer')
      .addColumn('arrested', 'integer')
      .addColumn('arrested_other_offences', 'integer')
      .addColumn('detained_immigration', 'integer')
      .addColumn('removed', 'integer')
      .addColumn('charged', 'integer')
      .addColumn('victims_identified', 'integer')
      .addColumn('referred_support', 'integer')
      .addColumn('harms', 'text', (c) => c.notNull())
      .addColumn('sources', 'text', (c) => c.notNull())
      .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('notes', 'bytea')
      .addColumn('notes_key_id', 'text')
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('updated_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('operations_org_date').on('operations').columns(['organisation_id', 'op_date']).execute();
    await db.schema.createIndex('operations_public').on('operations').columns(['published', 'country_code', 'year']).execute();

    await db.schema
      .createTable('survey_waves')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('area_id', 'text')
      .addColumn('starts_day', 'text', (c) => c.notNull())
      .addColumn('ends_day', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('questions', 'text', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('survey_waves_org').on('survey_waves').column('organisation_id').execute();
    await db.schema
      .createTable('survey_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('wave_id', 'text', (c) => c.notNull().references('survey_waves.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('survey_responses_wave').on('survey_responses').column('wave_id').execute();
    await db.schema
      .createTable('survey_answers')
      .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
      .addColumn('wave_id', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question', 'answer'])
      .execute();
    await db.schema.createIndex('survey_answers_wave').on('survey_answers').columns(['wave_id', 'question', 'answer']).execute();

    await db.schema
      .createTable('stats_releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('cutoff_day', 'text', (c) => c.notNull())
      .addColumn('built_at', 'text', (c) => c.notNull())
      .addColumn('k', 'integer', (c) => c.notNull())
      .addColumn('stale', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('stats_releases_built').on('stats_releases').column('built_at').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['stats_releases', 'survey_answers', 'survey_responses', 'survey_waves', 'operations', 'monitoring_key_seals', 'monitoring_keys']) {
      await db.schema.dropTable(t).execute();
    }
  },
};
