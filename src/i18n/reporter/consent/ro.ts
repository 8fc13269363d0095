/** The consent module of the reporter catalog in Romanian. */
import type { en } from './en.js';

export const ro = {
  'consent.title': 'Schimbă-ți alegerile',
  'consent.intro': 'Le poți schimba oricând. O schimbare contează de acum înainte: dacă îți retragi acordul, nimic nu mai ajunge la poliție, iar raportul tău nu mai este inclus în statistici.',
  'consent.save': 'Salvează alegerile mele',
  'consent.saved': 'Alegerile tale au fost salvate.',
  'consent.released': 'Datele tale de contact au fost arătate cuiva din echipă pe {day}. Motivul dat: {reason}',
  'consent.delete.title': 'Șterge-ți raportul',
  'consent.delete.intro': 'Asta îți șterge pentru totdeauna raportul, mesajele și tot ce ai adăugat. Nu se mai poate anula, iar codul tău de acces nu va mai funcționa.',
  'consent.delete.confirm': 'Da, șterge raportul meu pentru totdeauna',
  'consent.delete.button': 'Șterge raportul meu',
  'consent.delete.needConfirm': 'Bifează căsuța ca să confirmi.',
  'consent.deleted.title': 'Raportul tău a fost șters',
  'consent.deleted.body': 'Raportul tău și tot ce conținea au fost șterse. Poți închide această pagină.',
  // Changing your mind about warnings (issue 17.6).
  'consent.warn.stop': 'Nu avertizați alte persoane pe baza raportului meu',
  'consent.warn.stopHint':
    'Persoana care se ocupă de cazul tău este anunțată. Un avertisment deja publicat se schimbă doar după ce două persoane din echipă sunt de acord, așa că poate rămâne neschimbat câteva zile. Nu poți anula asta de aici.',
  'consent.warn.stopped': 'Pe {day} ai cerut să nu fie avertizat nimeni pe baza raportului tău.',
} as const satisfies Record<keyof typeof en, string>;
