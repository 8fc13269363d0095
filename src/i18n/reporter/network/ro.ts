/** Conținutul rețelei și bannerul demonstrativ, în română. */
import type { en } from './en.js';

export const ro: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Demonstrație: nu folosiți pentru sesizări reale',
  'network.changedBy': 'Ultima modificare: {organisation}, pe {day}, aprobată de un al doilea editor al rețelei.',
};
