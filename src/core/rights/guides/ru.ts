/** TEMPORARY */
import type { Guides } from './index.js';
import { en } from './en.js';

export const ru: Guides = en;
