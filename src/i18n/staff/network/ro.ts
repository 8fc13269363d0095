/** Conținutul rețelei și bannerul demonstrativ, în română. */
import type { en } from './en.js';

export const ro: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Demonstrație: nu folosiți pentru sesizări reale',
  'staffServices.error.notCovered': 'Organizația dvs. acoperă doar aceste zone: {areas}. Alegeți una dintre ele; un administrator adaugă zone pe pagina Zone.',
  'staffServices.error.countryNotCovered': 'Organizația dvs. nu acoperă nicio zonă în această țară. Acoperă: {areas}.',
  'staffServices.error.noCoverage': 'Organizația dvs. nu acoperă încă nicio zonă, deci nu poate publica servicii. Mai întâi, un administrator adaugă zone pe pagina Zone.',
  'network.notEditor':
    'Doar editorii rețelei modifică profilurile de țară, pentru că toate persoanele care raportează în rețea le citesc. Nu sunteți editor: operatorul serverului numește editorii cu comanda parasol editor add USERNAME.',
  'network.tooFewEditors':
    'Modificarea profilurilor de țară nu este disponibilă: fiecare modificare trebuie aprobată de un al doilea editor, iar rețeaua are {count, plural, =0 {niciun editor} one {un singur editor} few {# editori} other {# de editori}}. Cereți operatorului serverului să numească un al doilea editor cu parasol editor add USERNAME.',
  'network.editors': 'Editorii rețelei: {names}.',
  'network.editorsNone': 'Rețeaua nu are încă editori.',
  'network.proposed': 'Modificarea dvs. a fost salvată ca propunere. Publicul o va vedea după ce un al doilea editor o aprobă.',
  'network.unchanged': 'Nu s-a schimbat nimic, deci nu s-a propus nimic.',
  'network.changes.title': 'Modificări care așteaptă un al doilea editor',
  'network.changes.none': 'Nicio modificare nu așteaptă aprobare.',
  'network.changes.pending': '{count, plural, one {# modificare așteaptă} few {# modificări așteaptă} other {# de modificări așteaptă}} aprobarea unui al doilea editor.',
  'network.changes.review': 'Examinați modificările',
  'network.changes.by': '{name}: propus de {organisation} pe {day}',
  'network.changes.field': 'Câmp',
  'network.changes.before': 'Acum',
  'network.changes.after': 'Propus',
  'network.changes.approve': 'Aprobă și publică',
  'network.changes.refuse': 'Refuză',
  'network.changes.approved': 'Modificarea a fost aprobată și publicată.',
  'network.changes.refused': 'Modificarea a fost refuzată; profilul rămâne neschimbat.',
  'network.changes.own': 'Dvs. ați propus această modificare: un alt editor trebuie să decidă.',
  'network.changes.stale': 'Profilul s-a schimbat după această propunere, așa că nu a fost publicată. Propuneți din nou modificarea pe profilul actual.',
  'network.changes.gone': 'Această modificare a fost deja decisă.',
  'network.col.changed': 'Ultima modificare',
  'network.changedCell': '{organisation}, {day}',
  'network.neverChanged': 'Nu de la import',
  'network.services.tab': 'Alte organizații',
  'network.services.title': 'Serviciile altor organizații',
  'network.services.intro': 'Editorii rețelei corectează fișele altor organizații. O corectură apare doar după ce o aprobă un al doilea editor.',
  'network.services.notEditor':
    'Doar editorii rețelei corectează serviciile altor organizații, pentru că oameni din toată rețeaua sunt îndrumați către ele. Nu sunteți editor: operatorul serverului numește editori cu comanda parasol editor add USERNAME.',
  'network.services.tooFewEditors':
    'Corectarea serviciilor altor organizații nu este disponibilă: fiecare corectură trebuie aprobată de un al doilea editor, iar rețeaua are {count, plural, =0 {niciun editor} one {un singur editor} other {# editori}}. Cereți operatorului serverului să numească un al doilea editor cu parasol editor add USERNAME.',
  'network.services.entries': 'Fișe',
  'network.services.none': 'Nicio altă organizație nu a publicat un serviciu.',
  'network.services.propose': 'Propuneți o corectură',
  'network.services.refused': 'Corectura a fost refuzată; fișa rămâne cum era.',
  'network.services.approved': 'Corectura a fost aprobată și este afișată.',
  'network.services.stale': 'Fișa s-a schimbat după această propunere, așa că nu a fost aplicată. Propuneți din nou corectura pe fișa actuală.',
};
