#!/usr/bin/env -S node --max-semi-space-size=4
/** The `parasol` command: one file per subcommand, each returning an exit code. */
// First: refuse an unsupported Node.js before anything loads a native addon.
import './require-node.js';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { SecretsError } from '../infra/secrets.js';
import { MigrationError } from '../db/migrations.js';
// Each command is loaded only when it runs, so a short command does not load the whole web app.
import { processIo, type Io } from './io.js';

const USAGE = `Usage: parasol <command> [options]

Commands:
  init [--organisation NAME]   create the data folder, secrets file, schema and first organisation
  serve                        run the reporter and staff listeners
  migrate                      bring the database schema up to date
  demo                         add demo organisations, areas and caseworker keys (local use only)
  start                        init and demo where needed, then serve
  audit verify [--expect HASH] check the audit chain; names the first broken entry, and fails when
                               the log holds less than this data folder's checkpoint or lacks HASH
  audit head                   print the chain's head hash, to record outside this server
  backup create [--out FILE] [--with-secrets]
                               write one encrypted archive of the database (secrets and
                               vault only with --with-secrets, under PARASOL_BACKUP_PASSPHRASE)
  backup verify FILE           check a whole archive without restoring it
  backup restore FILE [--secrets]
                               restore into an empty data folder or database (--secrets:
                               also the secrets file and vault, where they do not exist)
  rights import [FILE]         load country profiles from a legal-models CSV (default: the shipped one)
  retention run                delete closed reports past retention and settle the key vault now

Configuration comes from the environment: PARASOL_DATA_DIR, DATABASE_URL,
PARASOL_REPORTER_PORT, PARASOL_STAFF_PORT, ... (see the README).`;

/** Refusals thrown by modules loaded only with their command (matched by name, so this file does not load them). */
const ONE_LINE_ERRORS = new Set(['DatabaseFileError', 'VaultError', 'AuditAnchorError']);

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { organisation: { type: 'string' }, help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, 'with-secrets': { type: 'boolean' }, secrets: { type: 'boolean' }, expect: { type: 'string' } }, allowPositionals: true }));
  } catch (err) {
    io.err((err as Error).message);
    io.err(USAGE);
    return 2;
  }
  if (!command || command === 'help' || values.help) {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  try {
    const config = loadConfig();
    switch (command) {
      case 'init':
        return await (await import('./init.command.js')).initCommand(config, io, { organisationName: values.organisation as string | undefined });
      case 'serve':
        return await (await import('./serve.command.js')).serveCommand(config, io);
      case 'migrate':
        return await (await import('./migrate.command.js')).migrateCommand(config, io);
      case 'demo':
        return await (await import('./demo.command.js')).demoCommand(config, io);
      case 'start':
        return await (await import('./start.command.js')).startCommand(config, io);
      case 'audit':
        return await (await import('./audit.command.js')).auditCommand(config, io, positionals[0], { expect: values.expect as string | undefined });
      case 'retention':
        return await (await import('./retention.command.js')).retentionCommand(config, io, positionals[0]);
      case 'rights':
        return await (await import('./rights.command.js')).rightsCommand(config, io, positionals);
      case 'backup':
        return await (await import('./backup.command.js')).backupCommand(config, io, positionals, { out: values.out as string | undefined, withSecrets: values['with-secrets'] as boolean | undefined, secrets: values.secrets as boolean | undefined });
      case 'admin':
        return await (await import('./admin.command.js')).adminCommand(config, io, positionals, { organisation: values.organisation as string | undefined });
      case 'editor':
        return await (await import('./editor.command.js')).editorCommand(config, io, positionals);
      default:
        io.err(`Unknown command "${command}".`);
        io.err(USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SecretsError || err instanceof MigrationError || ONE_LINE_ERRORS.has((err as Error)?.name)) {
      io.err((err as Error).message);
      return 1;
    }
    throw err;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
