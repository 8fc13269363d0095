/**
 * Progress for long work (design §6): a bar redrawn in place when stderr is
 * a terminal, and a few plain lines otherwise (logs, CI, cron mail), so that
 * an operator always sees that a backup is moving and how far it got.
 */

/** Where progress goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** "12.3 MiB": bytes in binary units, one decimal. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;
/** Plain-line mode prints at these fractions of the work. */
const MILESTONES = [0.25, 0.5, 0.75] as const;

export class Progress {
  private started = false;
  private finished = false;
  private lastDraw = -Infinity;
  private milestone = 0;
  private done = 0;

  constructor(
    private readonly out: ProgressStream,
    private readonly label: string,
    private total: number | null,
    private readonly now: () => number = Date.now,
    /** How amounts are shown: bytes by default, or a count ("12 reports"). */
    private readonly format: (n: number) => string = formatBytes,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  private percent(): number {
    if (this.total === null) return 0;
    if (this.total <= 0) return 100;
    return Math.min(100, Math.floor((this.done / this.total) * 100));
  }

  private line(): string {
    if (this.total === null) return `${this.label}  ${this.format(this.done)}`;
    const pct = this.percent();
    const filled = Math.round((pct / 100) * BAR_WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    return `${this.label}  [${bar}] ${String(pct).padStart(3)}%  ${this.format(this.done)} / ${this.format(this.total)}`;
  }

  private draw(): void {
    const width = this.out.columns && this.out.columns > 20 ? this.out.columns - 1 : 200;
    // Carriage return, the line, then erase whatever a longer earlier line left behind.
    this.out.write(`\r${this.line().slice(0, width)}\u001b[K`);
  }

  /** Reports how much is done (and the total, where it became known). */
  update(done: number, total?: number | null): void {
    if (this.finished) return;
    if (total !== undefined) this.total = total;
    this.done = done;
    if (this.tty) {
      const t = this.now();
      if (!this.started || t - this.lastDraw >= REDRAW_MS) {
        this.started = true;
        this.lastDraw = t;
        this.draw();
      }
      return;
    }
    if (!this.started) {
      this.started = true;
      this.out.write(this.total === null ? `${this.label} ...\n` : `${this.label}: 0% of ${this.format(this.total)}\n`);
    }
    if (this.total !== null && this.total > 0) {
      // One line for the furthest milestone passed, however many this update jumped over.
      let reached = this.milestone;
      while (reached < MILESTONES.length && this.done / this.total >= MILESTONES[reached]!) reached++;
      if (reached > this.milestone && this.done < this.total) {
        this.out.write(`${this.label}: ${this.percent()}% (${this.format(this.done)} of ${this.format(this.total)})\n`);
      }
      this.milestone = reached;
    }
  }

  /** Marks the work complete: a full bar and a new line, or a last plain line. */
  finish(done?: number): void {
    if (this.finished) return;
    if (done !== undefined) this.done = done;
    if (this.total !== null && done === undefined) this.done = this.total;
    if (!this.started) this.update(this.done);
    this.finished = true;
    if (this.tty) {
      if (this.total !== null) this.total = Math.max(this.total, this.done);
      this.draw();
      this.out.write('\n');
      return;
    }
    this.out.write(this.total === null ? `${this.label}: done, ${this.format(this.done)}\n` : `${this.label}: 100% (${this.format(this.done)})\n`);
  }

  /** Ends a bar that stopped early (an error), so the next message starts on its own line. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.tty && this.started) this.out.write('\n');
  }
}
