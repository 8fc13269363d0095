/**
 * How fast someone holding the secrets file reverses stored phone-number
 * hashes by enumeration: the real identifier hash (HMAC-SHA-256 under the
 * pepper, domain "identifier/phone") over normalised E.164 numbers, one CPU,
 * each result looked up in a set of stored hashes as an attacker would. The
 * rate is extrapolated to a whole mobile range of 10^8 numbers (for example
 * +40 7xx xxx xxx). The baseline in the same run is bare HMAC-SHA-256 over
 * the same bytes, so the ratio shows what Parasol's own code adds.
 *
 *   npx tsx bench/pepper-enumeration.bench.ts [--numbers 2000000]
 */
import { createHmac } from 'node:crypto';
import { identifierPrehash, normaliseIdentifier } from '../src/core/reports/identifiers.js';
import { randomBytes } from '../src/crypto/index.js';
import { fixed, int, table } from './format.js';

const RANGE = 1e8;

function numberAt(i: number): string {
  // +40 7xx xxx xxx: a country's mobile range, 10^8 numbers.
  return `+407${String(i % RANGE).padStart(8, '0')}`;
}

function main(): void {
  const i = process.argv.indexOf('--numbers');
  const n = i === -1 ? 2_000_000 : Number(process.argv[i + 1]);
  const pepper = randomBytes(32);

  // The stored hashes an attacker has from the database: a thousand numbers, one of them in the range walked here.
  const stored = new Set<string>();
  for (let k = 0; k < 999; k++) stored.add(identifierPrehash(pepper, 'phone', `+4479${String(k).padStart(8, '0')}`).toString('hex'));
  const target = numberAt(Math.floor(n * 0.9));
  const normalised = normaliseIdentifier('phone', target.replace('+40', '0'), 'RO');
  if (!normalised.ok || normalised.value !== target) throw new Error(`normalisation differs: ${target}`);
  stored.add(identifierPrehash(pepper, 'phone', normalised.value).toString('hex'));

  // Bare HMAC-SHA-256 over the same message, for the ratio.
  let t0 = performance.now();
  for (let k = 0; k < n; k++)
    createHmac('sha256', pepper)
      .update(`parasol/identifier/phone\u0000${numberAt(k)}`)
      .digest('hex');
  const bareMs = performance.now() - t0;

  let found: string | null = null;
  t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const candidate = numberAt(k);
    if (stored.has(identifierPrehash(pepper, 'phone', candidate).toString('hex'))) found = candidate;
  }
  const realMs = performance.now() - t0;
  if (found !== target) throw new Error('the enumeration did not find the stored number');

  const rate = (n * 1000) / realMs;
  const bareRate = (n * 1000) / bareMs;
  process.stdout.write(`pepper enumeration: ${int(n)} normalised numbers, one CPU, against ${int(stored.size)} stored phone hashes\n\n`);
  process.stdout.write(
    table(
      ['what', 'hashes/s', 'a 10^8 range'],
      [
        ['identifierHash + set lookup', int(rate), `${fixed(RANGE / rate / 60, 1)} min`],
        ['bare HMAC-SHA-256 (baseline)', int(bareRate), `${fixed(RANGE / bareRate / 60, 1)} min`],
      ],
      ['l', 'r', 'r'],
    ) + '\n',
  );
  process.stdout.write(`\nratio identifierHash ÷ bare HMAC: ${fixed(rate / bareRate, 2)}; found the stored number ${found}\n`);
}

main();
