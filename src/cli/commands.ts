/**
 * The table of `parasol` commands. One entry per command (or per
 * "group sub" pair, like "backup create"): its summary, its arguments, its
 * own options and how it runs. `main` parses each command line against its
 * entry only, so an option of one command is refused by every other, and
 * `parasol COMMAND --help` is generated from the entry.
 *
 * To add a command: add an entry here, with a `run` that imports its file
 * when it runs (a short command does not load the whole web app).
 */
import type { Config } from '../config.js';
import type { Io } from './io.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** What the value is called in help ("FILE"), for string options. */
  readonly value?: string;
  readonly help: string;
}

export interface Invocation {
  readonly config: Config;
  readonly io: Io;
  /** Arguments after the command (and after the sub-command of a group). */
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

export interface CommandSpec {
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments as shown in usage, e.g. "FILE" or "[FILE]". */
  readonly args?: string;
  /** How many arguments it takes: [at least, at most]. Default: none. */
  readonly arity?: readonly [number, number];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** More lines for `parasol COMMAND --help`. */
  readonly details?: string;
  readonly run: (inv: Invocation) => Promise<number>;
  /** For a command that reads only its own environment, never the server's configuration: run instead of `run`. */
  readonly standalone?: (io: Io) => Promise<number>;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const flag = (v: string | boolean | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

const BACKUP_PASSPHRASE_NOTE = '--with-secrets and --secrets read the passphrase from PARASOL_BACKUP_PASSPHRASE (at least 12 characters).';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  init: {
    summary: 'create the data folder, secrets file, schema and first organisation',
    options: { organisation: { type: 'string', value: 'NAME', help: 'the name of the first organisation (default "Parasol Network")' } },
    run: async ({ config, io, options }) => (await import('./init.command.js')).initCommand(config, io, { organisationName: str(options.organisation) }),
  },
  serve: {
    summary: 'run the reporter and staff listeners',
    run: async ({ config, io }) => (await import('./serve.command.js')).serveCommand(config, io),
  },
  migrate: {
    summary: 'bring the database schema up to date',
    run: async ({ config, io }) => (await import('./migrate.command.js')).migrateCommand(config, io),
  },
  demo: {
    summary: 'add demo organisations, areas and caseworker keys (local use only)',
    run: async ({ config, io }) => (await import('./demo.command.js')).demoCommand(config, io),
  },
  start: {
    summary: 'init and demo where needed, then serve',
    run: async ({ config, io }) => (await import('./start.command.js')).startCommand(config, io),
  },
  doctor: {
    summary: 'check this installation and say in plain words what is wrong',
    options: {
      url: { type: 'string', value: 'URL', help: 'the address people reach Parasol at (https://... or http://...onion), to check the cookie setting against it' },
      backups: { type: 'string', value: 'DIR', help: 'the folder the backup timer writes to (default: PARASOL_DATA_DIR/../backups)' },
      'backup-hours': { type: 'string', value: 'HOURS', help: 'how old the newest backup may be (default 26: a daily timer and some slack)' },
    },
    details: 'Exit codes: 0 all is well; 1 a problem was found (each is named); 2 wrong usage.',
    run: async ({ config, io, options }) =>
      (await import('./doctor.command.js')).doctorCommand(config, io, { url: str(options.url), backups: str(options.backups), backupHours: str(options['backup-hours']) }),
  },
  'audit verify': {
    summary: 'check the audit chain; names the first broken entry',
    options: { expect: { type: 'string', value: 'HASH', help: 'a head hash recorded earlier (parasol audit head): fail unless the chain holds it' } },
    details: "Also fails when the log holds less than this data folder's checkpoint (entries cut from its end).",
    run: async ({ config, io, options }) => (await import('./audit.command.js')).auditCommand(config, io, 'verify', { expect: str(options.expect) }),
  },
  'audit head': {
    summary: "print the chain's head hash, to record outside this server",
    run: async ({ config, io }) => (await import('./audit.command.js')).auditCommand(config, io, 'head'),
  },
  'admin invite': {
    summary: 'print a fresh one-time admin set-up link (when the first one is lost)',
    options: { organisation: { type: 'string', value: 'NAME', help: 'the organisation (default: the first one)' } },
    run: async ({ config, io, options }) => (await import('./admin.command.js')).adminCommand(config, io, ['invite'], { organisation: str(options.organisation) }),
  },
  'editor add': {
    summary: 'name an organisation admin a network editor (country profiles, rights guides)',
    args: 'USERNAME',
    arity: [1, 1],
    run: async ({ config, io, args }) => (await import('./editor.command.js')).editorCommand(config, io, ['add', ...args]),
  },
  'editor remove': {
    summary: 'stop someone being a network editor',
    args: 'USERNAME',
    arity: [1, 1],
    run: async ({ config, io, args }) => (await import('./editor.command.js')).editorCommand(config, io, ['remove', ...args]),
  },
  'editor list': {
    summary: 'list the network editors',
    run: async ({ config, io }) => (await import('./editor.command.js')).editorCommand(config, io, ['list']),
  },
  'backup create': {
    summary: 'write one encrypted archive of the database',
    options: {
      out: { type: 'string', value: 'FILE', help: 'where to write the archive (default: parasol-backup-DATE.pbak here)' },
      'with-secrets': { type: 'boolean', help: 'also store the secrets file and the vault, under a passphrase (defeats crypto-shredding while kept)' },
    },
    details: BACKUP_PASSPHRASE_NOTE,
    run: async ({ config, io, options }) => (await import('./backup.command.js')).backupCommand(config, io, ['create'], { out: str(options.out), withSecrets: flag(options['with-secrets']) }),
  },
  'backup verify': {
    summary: 'check a whole archive without restoring it',
    args: 'FILE',
    arity: [1, 1],
    run: async ({ config, io, args }) => (await import('./backup.command.js')).backupCommand(config, io, ['verify', ...args], {}),
  },
  'backup restore': {
    summary: 'restore into an empty data folder or database',
    args: 'FILE',
    arity: [1, 1],
    options: { secrets: { type: 'boolean', help: 'also restore the secrets file and the vault, where they do not exist' } },
    details: BACKUP_PASSPHRASE_NOTE,
    run: async ({ config, io, args, options }) => (await import('./backup.command.js')).backupCommand(config, io, ['restore', ...args], { secrets: flag(options.secrets) }),
  },
  'rights import': {
    summary: 'load country profiles from a legal-models CSV (default: the shipped one)',
    args: '[FILE]',
    arity: [0, 1],
    run: async ({ config, io, args }) => (await import('./rights.command.js')).rightsCommand(config, io, ['import', ...args]),
  },
  'identifier-service': {
    summary: 'run the identifier key service (its own user or host; configured by PARASOL_IDENTIFIER_SOCKET, _KEY_FILE, _SECRET_FILE, _PER_MINUTE, _PER_DAY)',
    run: async () => 2,
    standalone: async (io) => (await import('./identifier-service.command.js')).identifierServiceCommand(io),
  },
  'identifiers migrate': {
    summary: 'convert identifier hashes made before the identifier service (resumable, with progress)',
    run: async ({ config, io }) => (await import('./identifiers.command.js')).identifiersCommand(config, io, 'migrate'),
  },
  'identifiers status': {
    summary: 'how many identifier hashes are still to convert',
    run: async ({ config, io }) => (await import('./identifiers.command.js')).identifiersCommand(config, io, 'status'),
  },
  locales: {
    summary: 'the languages of the locale registry: status on each surface (reviewed or needs review) and what each still lacks',
    run: async () => 2,
    standalone: async (io) => (await import('./locales.command.js')).localesCommand(io),
  },
  'retention run': {
    summary: 'delete closed reports past retention and settle the key vault now',
    run: async ({ config, io }) => (await import('./retention.command.js')).retentionCommand(config, io, 'run'),
  },
};

/** Options every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** The names of the groups ("backup", "audit"...): commands that take a sub-command. */
export function groups(): Set<string> {
  return new Set(
    Object.keys(COMMANDS)
      .filter((k) => k.includes(' '))
      .map((k) => k.split(' ')[0]!),
  );
}
