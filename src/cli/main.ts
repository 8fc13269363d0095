#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `parasol` command. Commands and their options are in one table
 * (commands.ts); this file parses a command line against its command's entry
 * only, prints help, and turns known failures into one plain line.
 *
 * Exit codes: 0 done; 1 the work failed or a setting is wrong (one line says
 * which and what to do); 2 wrong usage (unknown command or option, missing or
 * extra arguments).
 */
// First: refuse an unsupported Node.js before anything loads a native addon.
import './require-node.js';
import fs from 'node:fs';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { SecretsError } from '../infra/secrets.js';
import { MigrationError } from '../db/migrations.js';
import { VaultError } from '../infra/vault.js';
import { StartupError } from './preflight.js';
import { COMMANDS, COMMON_OPTIONS, groups, type CommandSpec, type OptionSpec } from './commands.js';
// Each command is loaded only when it runs, so a short command does not load the whole web app.
import { processIo, type Io } from './io.js';

/** Refusals thrown by modules loaded only with their command (matched by name, so this file does not load them). */
const ONE_LINE_ERRORS = new Set(['DatabaseFileError', 'AuditAnchorError', 'SecretsMismatchError']);

/** The version in package.json (two folders up from both src/cli and dist/cli). */
export function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function usageLine(name: string, spec: CommandSpec): string {
  const opts = Object.entries(spec.options ?? {}).map(([o, s]) => `[--${o}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}]`);
  return ['parasol', name, spec.args, ...opts].filter(Boolean).join(' ');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([o, s]) => [`${s.short ? `-${s.short}, ` : ''}--${o}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`, s.help] as const);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`);
}

function commandList(filter?: string): string[] {
  const names = Object.keys(COMMANDS).filter((n) => !filter || n.startsWith(`${filter} `));
  const left = names.map((n) => `${n}${COMMANDS[n]!.args ? ` ${COMMANDS[n]!.args}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return names.map((n, i) => `  ${left[i]!.padEnd(width)}${COMMANDS[n]!.summary}`);
}

/** `parasol --help`. */
export function mainHelp(): string {
  return [
    'Usage: parasol COMMAND [options]',
    '',
    'Commands:',
    ...commandList(),
    '',
    'Options:',
    "  -h, --help     show help (after a command: that command's options)",
    '  -V, --version  print the version',
    '',
    'Configuration comes from the environment: PARASOL_DATA_DIR, DATABASE_URL,',
    'PARASOL_REPORTER_PORT, PARASOL_STAFF_PORT, ... (see the README).',
    '"parasol COMMAND --help" shows the options of one command.',
  ].join('\n');
}

/** `parasol COMMAND --help`: that command's usage and options only. */
export function commandHelp(name: string, spec: CommandSpec): string {
  return [`Usage: ${usageLine(name, spec)}`, '', spec.summary, '', 'Options:', ...optionLines({ ...(spec.options ?? {}), ...COMMON_OPTIONS }), ...(spec.details ? ['', spec.details] : [])].join('\n');
}

function groupHelp(group: string): string {
  return [`Usage: parasol ${group} SUBCOMMAND [options]`, '', 'Subcommands:', ...commandList(group), '', `"parasol ${group} SUBCOMMAND --help" shows its options.`].join('\n');
}

function parseOptions(spec: Readonly<Record<string, OptionSpec>>): ParseArgsOptionsConfig {
  const out: ParseArgsOptionsConfig = {};
  for (const [name, s] of Object.entries(spec)) out[name] = s.short ? { type: s.type, short: s.short } : { type: s.type };
  return out;
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) {
    io.err(mainHelp());
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(mainHelp());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.out(`parasol ${version()}`);
    return 0;
  }
  let name: string;
  if (second !== undefined && COMMANDS[`${first} ${second}`]) name = `${first} ${second}`;
  else if (COMMANDS[first]) name = first;
  else if (groups().has(first)) {
    const asked = second === '--help' || second === '-h';
    if (!asked) io.err(second === undefined || second.startsWith('-') ? `"parasol ${first}" needs a subcommand.` : `Unknown subcommand "${first} ${second}".`);
    (asked ? io.out : io.err)(groupHelp(first));
    return asked ? 0 : 2;
  } else {
    io.err(`Unknown command "${first}". "parasol --help" lists the commands.`);
    return 2;
  }
  const spec = COMMANDS[name]!;
  const rest = argv.slice(name.split(' ').length);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...rest], options: parseOptions({ ...(spec.options ?? {}), ...COMMON_OPTIONS }), allowPositionals: true, strict: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (err) {
    // parseArgs names the option ("Unknown option '--x'"); its hint about "--" does not apply here.
    io.err(`parasol ${name}: ${(err as Error).message.split('. To specify')[0]}`);
    io.err(`Usage: ${usageLine(name, spec)}   ("parasol ${name} --help" for the options)`);
    return 2;
  }
  if (values.help) {
    io.out(commandHelp(name, spec));
    return 0;
  }
  const [min, max] = spec.arity ?? [0, 0];
  if (positionals.length < min || positionals.length > max) {
    io.err(positionals.length > max ? `parasol ${name}: unexpected argument${positionals.length - max > 1 ? 's' : ''}: ${positionals.slice(max).join(' ')}` : `parasol ${name}: missing ${spec.args}`);
    io.err(`Usage: ${usageLine(name, spec)}   ("parasol ${name} --help" for the options)`);
    return 2;
  }
  // A command that reads its own environment only (the identifier service) never loads the server's configuration.
  if (spec.standalone) return await spec.standalone(io);
  try {
    const config = loadConfig();
    return await spec.run({ config, io, args: positionals, options: values });
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof SecretsError ||
      err instanceof MigrationError ||
      err instanceof VaultError ||
      err instanceof StartupError ||
      ONE_LINE_ERRORS.has((err as Error)?.name)
    ) {
      io.err((err as Error).message);
      return 1;
    }
    throw err;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
