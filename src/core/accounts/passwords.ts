/**
 * Password rules for staff accounts: long enough, not on the bundled list of
 * about 49,000 common passwords (zxcvbn-ts's list), not the username.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
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
