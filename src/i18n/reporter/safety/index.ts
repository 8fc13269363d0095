/**
 * Community safety's module of the reporter catalog: the members' pages,
 * e-mails, Web Push messages and the feed. en.ts is the source (with
 * descriptions); one file per other locale.
 */
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';

export const catalog = { en, fr, es, ro, ru, th, ar };
