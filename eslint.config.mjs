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
  { group: ['sodium-native', 'libsodium-wrappers-sumo', 'koffi'], message: 'libsodium (and koffi, which reaches it) is imported only in src/crypto.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['sodium-native', 'libsodium-wrappers-sumo', 'koffi'], message: 'libsodium (and koffi, which reaches it) is imported only in src/crypto.' }] },
      ],
    },
  },
  // Where each script runs: Node for scripts, the browser (and a service worker) for static files.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } } },
  {
    files: ['static/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', navigator: 'readonly', atob: 'readonly', btoa: 'readonly', URLSearchParams: 'readonly', fetch: 'readonly', self: 'readonly' },
    },
  },
  // The dependency-cruiser configuration is CommonJS, as the tool reads it.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  { files: ['src/crypto/**'], rules: { 'no-restricted-imports': 'off' } },
  // Applied migrations are frozen (never edited), and each takes Kysely<any> as Kysely's
  // migration guide says: a migration must not depend on today's schema types.
  { files: ['src/db/migrations/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/web/**'], rules: { 'no-restricted-imports': ['error', { patterns: fromWeb }] } },
);
