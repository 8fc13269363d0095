/** Содержимое сети и баннер демо-версии, на русском. */
import type { en } from './en.js';

export const ru: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Демо: не используйте для настоящих сообщений',
  'network.changedBy': 'Последнее изменение: {organisation}, {day}; одобрено вторым редактором сети.',
};
