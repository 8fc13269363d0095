/** TEMPORARY */
import type { Guides } from './index.js';
import { en } from './en.js';

export const th: Guides = en;
