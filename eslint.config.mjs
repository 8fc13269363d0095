// ESLint for Parasol: typescript-eslint's recommended rules, and the floors'
// import boundaries that a file can see by itself (the whole-graph rules, circles
// included, are dependency-cruiser's: .dependency-cruiser.cjs). Both run in
// `npm run lint`; a broken rule is fixed in the code, not silenced.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const fromWeb = [
  { group: ['**/crypto/*', '**/crypto/index.js'], message: 'src/web reaches crypto only through core.' },
  { group: ['**/db/*', '**/db/**'], message: 'src/web reaches storage only through core.' },
  { group: ['kysely', 'kysely/*'], message: 'src/web never builds queries: SQL lives in core repositories.' },
  { group: ['sodium-native'], message: 'libsodium is imported only in src/crypto.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['sodium-native'], message: 'libsodium is imported only in src/crypto.' }] }],
    },
  },
  { files: ['src/crypto/**'], rules: { 'no-restricted-imports': 'off' } },
  // Applied migrations are frozen (never edited), and each takes Kysely<any> as Kysely's
  // migration guide says: a migration must not depend on today's schema types.
  { files: ['src/db/migrations/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/web/**'], rules: { 'no-restricted-imports': ['error', { patterns: fromWeb }] } },
);
