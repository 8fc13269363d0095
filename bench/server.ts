/**
 * Runs Parasol as a real server process for the benchmarks: a fresh data
 * folder (and, for PostgreSQL, a fresh database), `init`, `demo`, then
 * `serve`, through tsx so that no build is needed (or, on request, from a
 * tsc build in a temporary folder). Production KDF parameters: the insecure
 * fast-KDF switch is removed from the child's environment.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.js';
import { randomBytes } from '../src/crypto/index.js';
import { onCleanup } from './cleanup.js';
import { browserAgent, send, type Target } from './http-client.js';
import { procMemory, statCpuMs, workerThreadTimes, type ProcCpu, type ProcMemory, type ThreadTime } from './proc.js';

export type DialectName = 'sqlite' | 'postgres';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
export const POSTGRES_ADMIN_URL = process.env.PARASOL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Environment the benchmark must not inherit: it would change what is measured. */
const SCRUBBED = [
  'PARASOL_INSECURE_FAST_KDF',
  'PARASOL_KDF_OPSLIMIT',
  'PARASOL_KDF_MEMLIMIT_MIB',
  'PARASOL_KDF_CONCURRENCY',
  'PARASOL_KDF_MAX_QUEUE',
  'PARASOL_SECRETS_FILE',
  'PARASOL_REPORTER_HOST',
  'PARASOL_STAFF_HOST',
  'DATABASE_URL',
  'REDIS_URL',
  'NODE_OPTIONS',
];

export interface BenchServer {
  readonly dialect: DialectName;
  readonly pid: number;
  readonly target: Target;
  /** The configuration the server runs with (as it reads it from the same environment). */
  readonly config: Config;
  readonly logFile: string;
  memory(): ProcMemory;
  cpu(): ProcCpu;
  workerThreads(): Map<string, ThreadTime>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function createPostgresDatabase(): Promise<string> {
  const name = `parasol_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup(`drop database ${name}`, async () => {
    const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** How the server runs: TypeScript through the tsx loader (no build), or JavaScript compiled by tsc, as in production. */
export type Runtime = { readonly kind: 'tsx' } | { readonly kind: 'compiled'; readonly main: string };

let runtime: Runtime = { kind: 'tsx' };

/**
 * The Node flags production runs with (package.json `config.node_flags`, used by `npm start`, `npm run parasol`
 * and the `parasol` command's first line): a smaller young generation, which keeps the resident size down.
 */
const NODE_FLAGS = String((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { config?: { node_flags?: string } }).config?.node_flags ?? '')
  .split(/\s+/)
  .filter(Boolean);

function cliArgs(command: string): string[] {
  return runtime.kind === 'tsx' ? [...NODE_FLAGS, '--import', 'tsx', MAIN, command] : [...NODE_FLAGS, runtime.main, command];
}

/**
 * Compiles src/ with the project's tsconfig into a temporary folder (never the
 * repository's dist/) that links to everything else in the repository, so
 * static files, bundled data and node_modules resolve as in production, and
 * makes later servers run it.
 */
export async function useCompiledServer(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-build-'));
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  // Everything the code reads relative to the package root (static files, bundled data, node_modules).
  for (const entry of fs.readdirSync(ROOT)) {
    if (entry === 'dist' || entry === '.git' || entry === 'package.json') continue;
    fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
  let output: string;
  try {
    output = execFileSync(tsc, ['-p', path.join(ROOT, 'tsconfig.json'), '--outDir', path.join(dir, 'dist')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    // tsc still emits when there are type errors; run the output if it exists, and say so.
    output = String((err as { stdout?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
    process.stderr.write(`tsc reported errors (the emitted JavaScript is used anyway):\n${output}\n`);
  }
  const main = path.join(dir, 'dist/cli/main.js');
  if (!fs.existsSync(main)) throw new Error(`tsc emitted no ${main}:\n${output}`);
  runtime = { kind: 'compiled', main };
}

/** How the servers of this run are started, for the printed header. */
export function runtimeLabel(): string {
  const flags = NODE_FLAGS.map((f) => `${f} `).join('');
  return runtime.kind === 'tsx' ? `node ${flags}--import tsx src/cli/main.ts serve` : `node ${flags}<tsc output>/cli/main.js serve (compiled to a temporary folder)`;
}

/** Runs a one-shot Parasol command; rejects with its output when it fails. */
function runCommand(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(command), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const unregister = onCleanup(`stop parasol ${command}`, () => stopChild(child, 2_000));
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      void unregister();
      if (code === 0) resolve();
      else reject(new Error(`parasol ${command} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends SIGTERM (graceful close), then SIGKILL after a grace period. */
async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([exited(child).then(() => 'done' as const), timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited(child);
  }
}

async function waitHealthy(target: Target, child: ChildProcess, logFile: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const agent = browserAgent();
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`parasol serve exited early:\n${fs.readFileSync(logFile, 'utf8')}`);
      }
      try {
        const res = await send(target, { path: '/healthz', agent });
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`parasol serve did not answer /healthz within ${timeoutMs / 1000} s:\n${fs.readFileSync(logFile, 'utf8')}`);
  } finally {
    agent.destroy();
  }
}

export interface StartOptions {
  /** Intake budget per minute for the flow limiter (the benchmark must not hit it). */
  readonly intakePerMinute: number;
}

/** Creates a fresh installation and starts `parasol serve` on free ports. */
export async function startParasol(dialect: DialectName, opts: StartOptions): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-'));
  onCleanup(`remove ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const [reporterPort, staffPort] = [await freePort(), await freePort()];

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED) delete env[key];
  Object.assign(env, {
    PARASOL_DATA_DIR: dataDir,
    PARASOL_REPORTER_PORT: String(reporterPort),
    PARASOL_STAFF_PORT: String(staffPort),
    PARASOL_INTAKE_PER_MINUTE: String(opts.intakePerMinute),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const config = loadConfig(env);
  if (config.insecureFastKdf) throw new Error('refusing to benchmark with the insecure fast KDF');

  await runCommand('init', env);
  await runCommand('demo', env);

  const logFile = path.join(dataDir, 'serve.log');
  const log = fs.openSync(logFile, 'a');
  // Not detached: with the kernel's autogroup scheduling a new session would get its own CPU share, and the
  // server would compete with the other tenants on different terms from the Argon2id baseline in this process.
  // PARASOL_BENCH_PROFILE_DIR=<folder> writes a V8 CPU profile of the server there when it stops (to find where time goes).
  const profile = process.env.PARASOL_BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PARASOL_BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...cliArgs('serve')], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start parasol serve');
  const unregister = onCleanup(`stop parasol serve (pid ${pid})`, () => stopChild(child));
  const target: Target = { host: '127.0.0.1', port: reporterPort };
  await waitHealthy(target, child, logFile);

  return {
    dialect,
    pid,
    target,
    config,
    logFile,
    memory: () => procMemory(pid),
    cpu: () => ({ processMs: statCpuMs(`/proc/${pid}/stat`), loopMs: statCpuMs(`/proc/${pid}/task/${pid}/stat`) }),
    workerThreads: () => workerThreadTimes(pid),
    stop: unregister,
  };
}
