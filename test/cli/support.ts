/** Runs the real `parasol` command as a child process, with only the Parasol settings a test gives. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** A umask for the child (as an operator's shell or a systemd UMask= would set). */
  readonly umask?: string;
  readonly timeoutMs?: number;
  /**
   * Root only: run as root without the capabilities that pass over file modes (reading, searching and changing
   * the mode of files that are not its own), so that a file of another user with mode 0600 cannot be read and a
   * folder of another user cannot be written, as for an unprivileged service user. The child stays root, so it
   * still reads the checkout wherever it is (a clean clone in a folder only root may enter, say).
   */
  readonly asUnprivileged?: boolean;
}

/** The capabilities `asUnprivileged` removes from the child's bounding set (util-linux setpriv). */
const FILE_OVERRIDES = '-dac_override,-dac_read_search,-fowner';

/** `parasol ARGS` with the given environment on top of this one minus every PARASOL_ and DATABASE/REDIS setting. */
export function cli(args: readonly string[], env: Record<string, string | undefined> = {}, opts: CliOptions = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL') base[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args];
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [shellCmd, shellArgv] = opts.umask ? ['/bin/sh', ['-c', `umask ${opts.umask} && exec ${quoted}`]] : [node[0]!, node.slice(1)];
  const [cmd, argv] = opts.asUnprivileged ? ['setpriv', [`--bounding-set=${FILE_OVERRIDES}`, '--', shellCmd, ...shellArgv]] : [shellCmd, shellArgv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv as string[], { cwd: ROOT, env: base, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** True when the text holds something that looks like a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(text) || /\n\s+at /.test(text);
}
