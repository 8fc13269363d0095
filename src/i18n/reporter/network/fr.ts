/** Contenu du réseau et bannière de démonstration, en français. */
import type { en } from './en.js';

export const fr: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Démo : ne pas utiliser pour de vrais signalements',
  'network.changedBy': 'Dernière modification par {organisation} le {day}, approuvée par un·e second·e éditeur·ice du réseau.',
};
