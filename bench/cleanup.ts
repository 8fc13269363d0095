/**
 * Undo steps for everything a benchmark creates (child processes, temporary
 * folders, PostgreSQL databases), run newest first on normal exit, on error
 * and on Ctrl-C, so a failed run leaves nothing behind.
 */

type Step = { readonly label: string; readonly run: () => Promise<void> | void };

const steps: Step[] = [];
let running: Promise<void> | undefined;
let interruptedBy: NodeJS.Signals | undefined;

/** The signal that stopped the run, if any (work in flight then fails, and that is expected). */
export function interrupted(): NodeJS.Signals | undefined {
  return interruptedBy;
}

/** Registers an undo step; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: () => Promise<void> | void): () => Promise<void> {
  const step: Step = { label, run };
  steps.push(step);
  return async () => {
    const i = steps.indexOf(step);
    if (i === -1) return;
    steps.splice(i, 1);
    await step.run();
  };
}

/** A point in the list of steps; `cleanupTo(mark)` undoes everything registered after it. */
export function cleanupMark(): number {
  return steps.length;
}

/** Runs the steps registered after `mark`, newest first; a failing step is reported and the rest still run. */
export async function cleanupTo(mark: number): Promise<void> {
  while (steps.length > mark) {
    const step = steps.pop()!;
    try {
      await step.run();
    } catch (err) {
      process.stderr.write(`cleanup "${step.label}" failed: ${(err as Error).message}\n`);
    }
  }
}

/** Runs every registered step, newest first (concurrent calls share one pass). */
export function cleanupAll(): Promise<void> {
  running ??= cleanupTo(0).finally(() => {
    running = undefined;
  });
  return running;
}

/** Cleans up and exits on SIGINT and SIGTERM, so an interrupted run stops its servers too. */
export function cleanupOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.stderr.write(`\n${signal}: stopping servers and removing temporary data…\n`);
      void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
