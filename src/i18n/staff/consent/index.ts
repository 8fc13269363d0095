/** The consent module of the staff catalog. */
import { en } from './en.js';
import { fr } from './fr.js';
import { es } from './es.js';
import { ro } from './ro.js';
import { ru } from './ru.js';

export const catalog = { en, fr, es, ro, ru };
