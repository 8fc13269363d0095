// Checks that package.json's `engines.node` says what the dependencies really
// need: its lowest version must satisfy every installed package's own
// `engines.node` (from package-lock.json), and the Node running now must
// satisfy ours. Exit 1 names each package that needs more.
import fs from 'node:fs';
import semver from 'semver';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(fs.readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const ours = pkg.engines?.node;
const lowest = ours && semver.minVersion(ours);
if (!lowest) {
  console.error('package.json has no usable engines.node');
  process.exit(1);
}
const bad = [];
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
  const range = entry.engines?.node;
  if (!where || !range || entry.optional) continue;
  if (!semver.satisfies(lowest, range, { includePrerelease: true })) bad.push(`${where.replace(/^.*node_modules\//, '')} needs node ${range}`);
}
if (!semver.satisfies(process.versions.node, ours)) bad.push(`this Node (${process.versions.node}) is outside engines.node ${ours}`);
if (bad.length) {
  console.error(`engines.node is "${ours}", but:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`engines.node "${ours}" covers every dependency's own engines (lowest ${lowest}), and this Node ${process.versions.node}`);
