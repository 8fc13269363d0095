/**
 * Password rules for staff accounts: long enough, not on the bundled list of
 * about 49,000 common passwords (zxcvbn-ts's list), not the username.
 */
import { createRequire } from 'node:module';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;
/** The list (several megabytes with the package's other dictionaries) is loaded on the first password set, not at start-up. */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'sameAsUsername';

/** Checks a new password; null when it is acceptable. */
export function checkNewPassword(password: string, username: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  const lower = password.toLowerCase();
  if (username && lower === username.toLowerCase()) return 'sameAsUsername';
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/\d+$/, ''))) return 'common';
  return null;
}
