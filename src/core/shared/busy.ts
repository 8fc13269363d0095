/** The error a surface turns into "busy, try again" when the Argon2id pool is full. */
export { KdfBusyError } from '../../crypto/index.js';
