/**
 * Refuses to run on a Node.js older than the one Parasol supports, with one line
 * instead of a native-addon stack trace. It must be the first import of the
 * command's entry point: ES modules evaluate their imports in order, so this
 * runs before any module that loads better-sqlite3 or sodium-native.
 */
const REQUIRED_MAJOR = 24;
const REQUIRED_MINOR = 11;

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < REQUIRED_MAJOR || (major === REQUIRED_MAJOR && minor < REQUIRED_MINOR)) {
  process.stderr.write(`Parasol needs Node.js ${REQUIRED_MAJOR}.${REQUIRED_MINOR} or later (Node 24 LTS); this is Node.js ${process.versions.node}. Install Node 24 (see the README) and try again.\n`);
  process.exit(1);
}

export {};
