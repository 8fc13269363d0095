/** Contenido de la red y aviso de demostración, en español. */
import type { en } from './en.js';

export const es: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Demostración: no la use para denuncias reales',
  'network.changedBy': 'Último cambio hecho por {organisation} el {day}, aprobado por una segunda persona editora de la red.',
};
