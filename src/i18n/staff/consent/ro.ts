/** The consent module of the staff catalog in Romanian. */
import type { en } from './en.js';

export const ro = {
  'consentStaff.nav.requests': 'Cereri de date de contact',
  'consentStaff.nav.retention': 'Păstrarea datelor',
  'consentStaff.disclose': 'Pregătește o transmitere către poliție',
  'consentStaff.noConsent': 'Persoana care a raportat nu a fost de acord cu nicio transmitere către poliție. Nu se poate trimite nimic.',
  'consentStaff.review.title': 'Transmitere către poliție: verifică ce va pleca',
  'consentStaff.review.intro': 'Din Parasol pleacă doar ce apare pe acest ecran. Editează textul ca să scoți tot ce poliția nu trebuie să vadă. Nivel de consimțământ: {level}.',
  'consentStaff.review.facts': 'Fapte incluse',
  'consentStaff.review.description': 'Descriere (editeaz-o înainte de trimitere)',
  'consentStaff.review.place': 'Detalii despre loc (editează-le înainte de trimitere)',
  'consentStaff.review.identifiers': 'Numere și nume ale persoanei care a făcut asta, de inclus',
  'consentStaff.review.contact': 'Include datele de contact ale persoanei care a raportat (a ales o plângere cu datele sale)',
  'consentStaff.review.noContact': 'Datele de contact ale persoanei care a raportat nu sunt incluse.',
  'consentStaff.review.print': 'Creează documentul pentru tipărire',
  'consentStaff.review.json': 'Descarcă în format JSON',
  'consentStaff.doc.title': 'Transmitere către poliție {id}',
  'consentStaff.doc.logged': 'Această transmitere a fost înregistrată în jurnal cu amprenta {hash}.',
  'consentStaff.doc.reporter': 'Persoana care a raportat',
  'consentStaff.doc.anonymous': 'Anonim: identitatea persoanei care a raportat nu este dezvăluită.',
  'consentStaff.identity.title': 'Dezvăluie datele de contact ale persoanei care a raportat',
  'consentStaff.identity.explain':
    'Datele de contact sunt sigilate. Un custode de date trebuie să îți aprobe cererea; persoana care a raportat va vedea că datele sale au fost dezvăluite, când și de ce.',
  'consentStaff.identity.reason': 'De ce ai nevoie de ele',
  'consentStaff.identity.request': 'Cere aprobarea unui custode de date',
  'consentStaff.identity.pending': 'Cererea ta din {day} așteaptă un custode de date.',
  'consentStaff.identity.refused': 'Un custode de date ți-a refuzat cererea din {day}.',
  'consentStaff.identity.approved': 'Un custode de date ți-a aprobat cererea pe {day}.',
  'consentStaff.identity.reveal': 'Arată datele de contact (se înregistrează în jurnal)',
  'consentStaff.requests.title': 'Cereri de dezvăluire a datelor de contact',
  'consentStaff.requests.none': 'Nu așteaptă nicio cerere.',
  'consentStaff.requests.item': 'Raportul {id}, cerut de {name} pe {day}',
  'consentStaff.requests.reason': 'Motiv: {reason}',
  'consentStaff.requests.approve': 'Aprobă',
  'consentStaff.requests.refuse': 'Refuză',
  'consentStaff.requests.samePerson': 'Nu poți decide asupra propriei tale cereri.',
  'consentStaff.requests.noKey': 'Datele de contact din acest raport nu au fost sigilate pentru tine, deci nu le poți dezvălui.',
  'consentStaff.requests.needsRenewal':
    'Cheia datelor de contact din acest raport este încă sigilată în modul vechi, pentru custozi luați separat. Reînnoiește mai întâi custodia mai jos, apoi aprobă.',
  'consentStaff.requests.already': 'Ai aprobat această cerere. Trebuie să o aprobe și un al doilea custode.',
  'consentStaff.custody.title': 'Custodia cheilor datelor de contact',
  'consentStaff.custody.intro':
    'Datele de contact ale fiecărei persoane care raportează se deschid doar cu părțile a doi custozi. Niciun custode nu le poate deschide singur, iar dezvăluirea lor are nevoie de aprobarea a doi custozi.',
  'consentStaff.custody.tooFew':
    'Organizația ta are mai puțin de doi custozi, deci datele de contact nu pot fi dezvăluite și custodia nu poate fi reînnoită. Cere coordonatorilor să numească un al doilea custode (trebuie să fie de acord doi coordonatori).',
  'consentStaff.custody.pending':
    '{count, plural, one {Custodia pentru # raport trebuie reînnoită} few {Custodia pentru # rapoarte trebuie reînnoită} other {Custodia pentru # de rapoarte trebuie reînnoită}}, pentru că au venit sau au plecat custozi ori pentru că o cheie este încă sigilată în modul vechi. Reînnoirea predă partea ta celorlalți custozi; când un al doilea custode reînnoiește la rândul său, cheia este împărțită din nou între toți custozii actuali.',
  'consentStaff.custody.renew': 'Reînnoiește custodia',
  'consentStaff.custody.upToDate': 'Custodia este la zi: fiecare cheie este împărțită între custozii actuali.',
  'consentStaff.custody.renewed': 'Reînnoit: {renewed} reîmpărțite, {handedOver} predate altui custode.',
  'consentStaff.retention.title': 'Păstrarea datelor',
  'consentStaff.retention.intro':
    'Rapoartele închise sunt șterse după acest număr de zile de la închidere, împreună cu mesajele, notele și cheile lor. Rămâne doar o înregistrare statistică anonimă, acolo unde persoana care a raportat a fost de acord.',
  'consentStaff.retention.days': 'Zile de păstrare a rapoartelor închise',
  'consentStaff.retention.invalid': 'Introdu un număr întreg de zile, de la 1 la 3650.',
} as const satisfies Record<keyof typeof en, string>;
