/**
 * Parasol's floors, checked on every `npm run lint` (CONVENTIONS.md, "The house").
 * Dependencies point one way: cli -> web -> core -> infra, db, i18n, crypto
 * (demo seeds through core, beside cli). docs/architecture.md draws the map.
 * A broken rule is fixed in the code, never silenced here.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import circles.', from: {}, to: { circular: true } },
    { name: 'crypto-imports-only-crypto', severity: 'error', comment: 'src/crypto knows nothing of the app.', from: { path: '^src/crypto/' }, to: { path: '^src/', pathNot: '^src/crypto/' } },
    {
      name: 'sodium-only-in-crypto',
      severity: 'error',
      comment: 'libsodium (and koffi, which reaches the system libsodium) is reached only through src/crypto.',
      from: { pathNot: '^src/crypto/' },
      to: { path: 'node_modules/(sodium-native|libsodium|koffi)' },
    },
    {
      name: 'web-not-crypto-db-kysely',
      severity: 'error',
      comment: 'Surfaces reach crypto and storage only through core.',
      from: { path: '^src/web/' },
      to: { path: ['^src/crypto/', '^src/db/', 'node_modules/kysely/'] },
    },
    {
      name: 'core-not-up',
      severity: 'error',
      comment: 'Core never imports web, cli or the composition root.',
      from: { path: '^src/core/' },
      to: { path: ['^src/web/', '^src/cli/', '^src/context\\.ts$'] },
    },
    {
      name: 'lower-floors-not-up',
      severity: 'error',
      comment: 'crypto, db, i18n and infra never import core, web, cli or the composition root.',
      from: { path: '^src/(crypto|db|i18n|infra)/' },
      to: { path: ['^src/core/', '^src/web/', '^src/cli/', '^src/context\\.ts$'] },
    },
    {
      name: 'nothing-below-imports-demo',
      severity: 'error',
      comment: 'Demo and seed data sit beside the command line: core and the floors below never import them.',
      from: { path: '^src/(core|crypto|db|i18n|infra)/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'root-not-web-cli',
      severity: 'error',
      comment: 'The composition root builds core and infra; the web and the command line are built on it.',
      from: { path: '^src/context\\.ts$' },
      to: { path: ['^src/web/', '^src/cli/'] },
    },
    { name: 'web-not-cli', severity: 'error', comment: 'The command line sits above the web.', from: { path: '^src/web/' }, to: { path: ['^src/cli/'] } },
    { name: 'reporter-not-staff', severity: 'error', comment: 'The two surfaces never import each other.', from: { path: '^src/web/reporter/' }, to: { path: '^src/web/staff/' } },
    { name: 'staff-not-reporter', severity: 'error', comment: 'The two surfaces never import each other.', from: { path: '^src/web/staff/' }, to: { path: '^src/web/reporter/' } },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'Production code never imports tests.',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: ['^test/', '\\.test\\.tsx?$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed, but imports of it stay in the graph: the rules on kysely and sodium-native need them.
    exclude: { path: ['^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
