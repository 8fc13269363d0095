/**
 * The baseline for intake: bare Argon2id (the same function the server's
 * pool calls, with the same parameters, output length and concurrency bound),
 * run in the benchmark process while the server is idle. No HTTP, no
 * database, no sealing: the rate the server could reach if Argon2id were its
 * only work.
 */
import { argon2id, randomBytes, randomInt, SALT_BYTES, type KdfParams } from '../src/crypto/index.js';
import { argon2ThreadTime, workerThreadTimes } from './proc.js';

export interface Argon2Rate {
  readonly derivations: number;
  readonly inFlight: number;
  readonly wallMs: number;
  /** Derivations per second. */
  readonly rate: number;
  /** CPU time of the benchmark process per derivation, in ms. */
  readonly cpuMsEach: number;
  /** Time the Argon2id threads were running or waiting for a CPU, in ms (≈ wallMs × inFlight). */
  readonly busyMs: number;
  /** Of that, the time actually on a CPU, in ms. */
  readonly runMs: number;
}

function receiptLikePassword(): Buffer {
  let digits = '';
  for (let i = 0; i < 16; i++) digits += String(randomInt(10));
  return Buffer.from(`parasol-receipt:${digits}`, 'utf8');
}

/** Runs `derivations` Argon2id derivations with at most `inFlight` running at once. */
export async function measureArgon2(params: KdfParams, inFlight: number, derivations: number): Promise<Argon2Rate> {
  const salt = randomBytes(SALT_BYTES);
  let issued = 0;
  const cpu0 = process.cpuUsage();
  const threads0 = workerThreadTimes(process.pid);
  const t0 = performance.now();
  const worker = async () => {
    while (issued < derivations) {
      issued++;
      // 64 bytes, as for a receipt: 32 for the lookup, 32 for the reporter's key-pair seed.
      (await argon2id(receiptLikePassword(), salt, params, 64)).fill(0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, derivations) }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const argon = argon2ThreadTime(threads0, workerThreadTimes(process.pid));
  return {
    derivations,
    inFlight,
    wallMs,
    rate: (derivations * 1000) / wallMs,
    cpuMsEach: (cpu.user + cpu.system) / 1000 / derivations,
    busyMs: argon.runMs + argon.waitMs,
    runMs: argon.runMs,
  };
}
