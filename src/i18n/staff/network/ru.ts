/** Содержимое сети и баннер демо-версии, на русском. */
import type { en } from './en.js';

export const ru: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Демо: не используйте для настоящих сообщений',
  'staffServices.error.notCovered': 'Ваша организация работает только в этих районах: {areas}. Выберите один из них; администратор добавляет районы на странице «Районы».',
  'staffServices.error.countryNotCovered': 'Ваша организация не работает ни в одном районе этой страны. Её районы: {areas}.',
  'staffServices.error.noCoverage': 'Ваша организация пока не работает ни в одном районе, поэтому не может публиковать службы. Сначала администратор добавляет районы на странице «Районы».',
  'network.notEditor':
    'Профили стран меняют только редакторы сети, потому что их читают все, кто сообщает в сети. Вы не редактор: оператор сервера назначает редакторов командой parasol editor add USERNAME.',
  'network.tooFewEditors':
    'Изменение профилей стран недоступно: каждое изменение должен одобрить второй редактор, а в сети {count, plural, =0 {нет редакторов} one {только # редактор} few {# редактора} many {# редакторов} other {# редактора}}. Попросите оператора сервера назначить второго редактора командой parasol editor add USERNAME.',
  'network.editors': 'Редакторы сети: {names}.',
  'network.editorsNone': 'В сети пока нет редакторов.',
  'network.proposed': 'Ваше изменение сохранено как предложение. Публика увидит его, когда второй редактор его одобрит.',
  'network.unchanged': 'Ничего не изменилось, поэтому ничего не предложено.',
  'network.changes.title': 'Изменения, ожидающие второго редактора',
  'network.changes.none': 'Нет изменений, ожидающих одобрения.',
  'network.changes.pending': '{count, plural, one {# изменение ожидает} few {# изменения ожидают} many {# изменений ожидают} other {# изменения ожидают}} одобрения второго редактора.',
  'network.changes.review': 'Просмотреть изменения',
  'network.changes.by': '{name}: предложено организацией {organisation}, {day}',
  'network.changes.field': 'Поле',
  'network.changes.before': 'Сейчас',
  'network.changes.after': 'Предложено',
  'network.changes.approve': 'Одобрить и опубликовать',
  'network.changes.refuse': 'Отклонить',
  'network.changes.approved': 'Изменение одобрено и опубликовано.',
  'network.changes.refused': 'Изменение отклонено; профиль остаётся прежним.',
  'network.changes.own': 'Это изменение предложили вы: решить должен другой редактор.',
  'network.changes.stale': 'Профиль изменился после этого предложения, поэтому оно не опубликовано. Предложите изменение заново на основе текущего профиля.',
  'network.changes.gone': 'По этому изменению уже принято решение.',
  'network.col.changed': 'Последнее изменение',
  'network.changedCell': '{organisation}, {day}',
  'network.neverChanged': 'Не менялся после импорта',
};
