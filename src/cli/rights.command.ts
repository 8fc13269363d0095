/** `parasol rights import FILE`: loads country profiles from a legal-models CSV through a validated import. */
import type { Config } from '../config.js';
import type { Io } from './io.js';

export async function rightsCommand(_config: Config, io: Io, _args: readonly string[]): Promise<number> {
  io.err('parasol rights: not available in this version.');
  return 2;
}
