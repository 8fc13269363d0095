/** Where the static assets (stylesheets, the quick-exit script) live, from src/ or dist/ alike. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../static');
