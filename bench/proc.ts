/**
 * What Linux says about a process: CPU time (whole process and event-loop
 * thread), scheduler time per thread, and resident memory, from /proc.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcMemory {
  /** Resident set size now, in bytes. */
  readonly rss: number;
  /** Peak resident set size since the process started, in bytes. */
  readonly peak: number;
}

export interface ProcCpu {
  /** CPU time of the whole process (all threads), in ms. */
  readonly processMs: number;
  /** CPU time of the main thread only, i.e. the event loop, in ms. */
  readonly loopMs: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a /proc stat file, in ms. */
export function statCpuMs(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Scheduler time of one thread, in ms: on a CPU, and runnable but waiting for one. */
export interface ThreadTime {
  readonly runMs: number;
  readonly waitMs: number;
}

/** /proc/<pid>/task/<tid>/schedstat of every thread but the main one, by thread id. */
export function workerThreadTimes(pid: number): Map<string, ThreadTime> {
  const out = new Map<string, ThreadTime>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    if (tid === String(pid)) continue;
    try {
      const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      out.set(tid, { runMs: (run ?? 0) / 1e6, waitMs: (wait ?? 0) / 1e6 });
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/**
 * Scheduler time of the threads that ran Argon2id between two snapshots. Threads are not named
 * here, so the pool threads are told apart by the work they did: each Argon2id run is hundreds
 * of ms of CPU, while V8's helper threads do a few ms of GC; threads with at least a tenth of
 * the busiest thread's CPU time count.
 */
export function argon2ThreadTime(before: Map<string, ThreadTime>, after: Map<string, ThreadTime>): ThreadTime {
  const deltas = [...after].map(([tid, t]) => {
    const b = before.get(tid) ?? { runMs: 0, waitMs: 0 };
    return { runMs: t.runMs - b.runMs, waitMs: t.waitMs - b.waitMs };
  });
  const busiest = Math.max(0, ...deltas.map((d) => d.runMs));
  const pool = deltas.filter((d) => d.runMs >= busiest / 10);
  return { runMs: pool.reduce((n, d) => n + d.runMs, 0), waitMs: pool.reduce((n, d) => n + d.waitMs, 0) };
}

/** VmRSS and VmHWM of a process, in bytes. */
export function procMemory(pid: number): ProcMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
