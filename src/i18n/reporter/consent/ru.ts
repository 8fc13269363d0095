/** The consent module of the reporter catalog in Russian. */
import type { en } from './en.js';

export const ru = {
  'consent.title': 'Изменить свой выбор',
  'consent.intro':
    'Вы можете изменить его в любое время. Изменение действует с этого момента: если вы отзовёте согласие, в полицию больше ничего не передаётся, а ваше обращение больше не учитывается в статистике.',
  'consent.save': 'Сохранить мой выбор',
  'consent.saved': 'Ваш выбор сохранён.',
  'consent.released': 'Ваши контактные данные были показаны консультанту {day}. Указанная причина: {reason}',
  'consent.delete.title': 'Удалить обращение',
  'consent.delete.intro': 'Ваше обращение, сообщения и всё, что вы добавили, будут удалены навсегда. Отменить это нельзя, и ваш код обращения перестанет работать.',
  'consent.delete.confirm': 'Да, удалить моё обращение навсегда',
  'consent.delete.button': 'Удалить моё обращение',
  'consent.delete.needConfirm': 'Поставьте галочку, чтобы подтвердить.',
  'consent.deleted.title': 'Ваше обращение удалено',
  'consent.deleted.body': 'Ваше обращение и всё, что в нём было, удалены. Можно закрыть эту страницу.',
} as const satisfies Record<keyof typeof en, string>;
