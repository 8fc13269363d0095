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
  /** Run as this user and group id (root only). */
  readonly uid?: number;
  readonly gid?: number;
}

/** `parasol ARGS` with the given environment on top of this one minus every PARASOL_ and DATABASE/REDIS setting. */
export function cli(args: readonly string[], env: Record<string, string | undefined> = {}, opts: CliOptions = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL') base[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args];
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [cmd, argv] = opts.umask ? ['/bin/sh', ['-c', `umask ${opts.umask} && exec ${quoted}`]] : [node[0]!, node.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv as string[], { cwd: ROOT, env: base, stdio: ['ignore', 'pipe', 'pipe'], uid: opts.uid, gid: opts.gid });
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
