/**
 * Receipt codes as a reporter reads and types them: digit groups, and the
 * check that turns away a mistyped code before any Argon2id work.
 */
export { formatReceipt, parseReceipt } from '../../crypto/index.js';
