/** The rights guides in Romanian. */
import type { Guides } from './guide.types.js';

export const ro: Guides = {
  police: `# Când vine poliția

Poliția te poate opri pe stradă, poate controla un loc unde lucrezi sau poate face un raid într-un apartament sau un club. Acest ghid este general: legea diferă de la o țară la alta. Citește și [fișa țării tale](/rights/map) și întreabă o organizație a lucrătoarelor sexuale ce face de obicei poliția acolo unde ești.

## Înainte: pregătește-te

- Învață pe de rost unul sau două numere de telefon: o prietenă, organizația ta, o avocată. Telefonul ți-ar putea fi luat.
- Ține copii ale actelor importante într-un loc sigur, departe de locul unde lucrezi. Nimeni altcineva nu trebuie să îți țină pașaportul.
- Stabilește cu persoanele cu care lucrezi ce face fiecare și pe cine sunați, dacă vine poliția.
- Dacă ai cartea de vizită a unei avocate sau a unei organizații, ține-o la tine.

## În timpul controlului: rămâi cât mai în siguranță

- Păstrează-ți calmul. Nu fugi și nu te opune fizic, chiar dacă poliția este brutală sau nedreaptă. Opunerea poate fi ea însăși o infracțiune.
- Întreabă: „Sunt liberă să plec?” Dacă răspunsul este da, poți pleca liniștită.
- Întreabă de ce ești oprită și cine sunt: poliție, imigrări, inspecția muncii sau funcționari ai primăriei.
- S-ar putea să trebuiască să îți spui numele și, în unele țări, să arăți un act de identitate. Un nume fals sau acte false sunt de obicei infracțiune și înrăutățesc situația. Dacă nu știi ce trebuie să dai, spune că vrei să vorbești cu un avocat.
- În afară de asta, de obicei ai dreptul să taci. Poți spune: „Vreau să vorbesc cu un avocat înainte să răspund la întrebări.”
- Nu semna nimic ce nu înțelegi și nimic într-o limbă pe care nu o citești. Poți cere un interpret.
- Poliția îți poate cere informații despre clienți, șefi sau alte persoane. Poți refuza. Promisiunile făcute în schimbul informațiilor adesea nu sunt respectate.
- Dacă îți iau bani, telefonul sau prezervative, cere un document scris cu ce au luat.
- Încearcă să reții nume, numere de legitimație, mașina, ora, locul și cine mai era acolo.

## Dacă ești arestată sau reținută

- Cere un avocat și un interpret, dacă ai nevoie. În multe țări asistența juridică este gratuită pentru cei care nu pot plăti.
- Cere să fie anunțat cineva unde ești.
- Consulatele: de obicei poți decide dacă poliția anunță consulatul țării tale. Gândește-te la siguranța ta înainte să ceri asta sau să fii de acord.
- Dacă te temi pentru viața sau siguranța ta în țara de origine, spune clar acest lucru și cere azil. Vorbește cu un avocat despre asta cât mai devreme.
- Dacă ai nevoie de medicamente (de exemplu pentru HIV) sau de un medic, spune.
- Dacă cineva te-a forțat să faci această muncă sau îți ține banii sau actele, s-ar putea să fii victimă a traficului de persoane. Victimele au drepturi: citește [Drepturile tale ca victimă a unei infracțiuni](/rights/guides/victims) și spune-i unui avocat sau unei organizații specializate.

## După

- Scrie totul cât mai repede: ce s-a întâmplat, când, cine era acolo, ce s-a spus și ce s-a luat.
- Fă poze la răni și mergi la medic. Păstrează actele medicale.
- Anunță-ți organizația. Poți raporta violența sau furturile poliției [prin Parasol](/report) fără numele tău: nimic nu ajunge la poliție dacă nu alegi tu asta.
- În majoritatea țărilor poți face plângere împotriva poliției. Vorbește mai întâi cu un avocat sau cu o organizație despre riscuri și termene.
`,

  victims: `# Drepturile tale ca victimă a unei infracțiuni

Violența, violul, jaful, amenințările și exploatarea sunt infracțiuni împotriva ta, indiferent de munca ta și indiferent dacă ai acte sau nu. Acest ghid explică drepturi care există în multe țări europene. Felul în care funcționează diferă de la o țară la alta, așa că vorbește cu o organizație a lucrătoarelor sexuale sau cu un avocat înainte să decizi ce faci.

## Imediat după violență sau viol

- Sănătatea ta este pe primul loc. Mergi cât mai repede la un serviciu medical în care ai încredere ([vezi serviciile](/services)). Nu trebuie să mergi la poliție ca să primești îngrijire medicală.
- După sex fără prezervativ sau după un viol, un tratament poate scădea riscul de HIV. Se numește PEP (profilaxie după expunere). Funcționează cel mai bine dacă începi în primele ore și cel târziu în 72 de ore (trei zile).
- Contracepția de urgență funcționează cel mai bine în 72 de ore; unele tipuri funcționează până la 120 de ore (cinci zile).
- Cere teste pentru infecții cu transmitere sexuală și îngrijirea rănilor.
- În multe locuri un medic poate constata rănile și strânge dovezi (o examinare medico-legală) chiar dacă nu ai hotărât încă dacă faci plângere. Întreabă dacă dovezile pot fi păstrate pentru mai târziu. Dacă poți, nu te spăla și nu arunca hainele înainte.

## Drepturile victimelor în Uniunea Europeană

În Uniunea Europeană, Directiva privind drepturile victimelor (2012/29/UE) spune că victimele au drepturi fără discriminare, inclusiv în funcție de statutul de ședere. Printre ele, dreptul:

- de a primi informații despre cazul și drepturile lor într-o limbă pe care o înțeleg și de a avea un interpret când vorbesc cu poliția sau cu o instanță;
- la sprijin gratuit și confidențial, indiferent dacă fac plângere sau nu;
- la protecție față de persoana care le-a făcut rău și față de alte suferințe cauzate de procedură;
- de a cere despăgubiri.

În practică, în unele țări poliția încă verifică actele celor care fac plângere. De aceea contează un „zid” între plângere și imigrare. Înainte să mergi, întreabă o organizație dacă plângerea este sigură acolo unde ești.

## Dacă ai fost traficată sau exploatată

S-ar putea să fii victimă a traficului dacă cineva te-a înșelat, te-a forțat sau te-a amenințat ori a profitat de datoria sau de situația ta grea ca să te pună la muncă și să ia banii. Asta se poate întâmpla în munca sexuală și în orice altă muncă. Traficul înseamnă ce ți s-a făcut, nu munca sexuală în sine.

- **O perioadă de reflecție.** Țările care au semnat Convenția Consiliului Europei privind lupta împotriva traficului de ființe umane (aproape toată Europa) trebuie să dea unei posibile victime venite din altă țară cel puțin 30 de zile ca să își revină și să decidă dacă cooperează cu autoritățile. În acest timp nu trebuie să fii trimisă din țară. Unele țări dau mai mult timp.
- **Un permis de ședere.** Aceste țări trebuie să dea victimelor un permis de ședere care poate fi reînnoit, atunci când situația lor personală o cere sau când cooperează la o anchetă. În Uniunea Europeană, Directiva 2004/81/CE prevede un permis pentru victimele care cooperează. Unele țări dau și permise din motive umanitare, fără cooperare.
- **Să nu fii pedepsită.** Victimele nu ar trebui pedepsite pentru fapte pe care au fost forțate să le facă, cum ar fi folosirea unor acte false sau încălcarea regulilor de ședere.
- **Sprijin.** Locuință sigură, îngrijire medicală, consiliere, ajutor juridic și interpret.

Ca să primească aceste drepturi, o persoană trebuie de obicei să fie recunoscută ca victimă de autorități sau de o organizație desemnată pentru asta. Poate fi implicată și poliția. Vorbește mai întâi cu o organizație specializată sau cu un avocat: îți pot explica cum funcționează în țara ta și te pot însoți.

## Decizia ta

Tu decizi dacă faci plângere la poliție. Poți [raporta prin Parasol](/report) fără numele tău, poți primi sprijin fără plângere sau poți face plângere mai târziu. Între timp, păstrează dovezile în siguranță: citește [Cum raportezi în siguranță](/rights/guides/reporting).
`,

  labour: `# Drepturile tale la muncă

Fie că munca sexuală este legală sau nu acolo unde ești, fie că ai acte sau nu, ai drepturi. Unele te protejează la muncă. Acest ghid este general: [fișa țării tale](/rights/map) spune cum tratează legea munca sexuală acolo.

## Drepturi care îi protejează pe toți

- **Actele tale sunt ale tale.** Nimeni nu are voie să îți țină pașaportul sau buletinul: nici un șef, nici un agent, nici un proprietar, nici un partener. În multe țări luarea actelor cuiva este infracțiune și un semn de trafic sau de muncă forțată.
- **Nimeni nu te poate forța să muncești** sau să te oprească să pleci. O datorie nu poate fi folosită legal ca să te țină la muncă (asta se numește servitute pentru datorii).
- **Poți spune nu** unui client, unei practici sau sexului fără prezervativ. Să fii obligată să faci ce ai refuzat sau să primești amendă pentru că ai refuzat este abuz.
- **Violența la muncă este infracțiune**, oricine ar face-o.

## Banii care ți se datorează

- În multe țări lucrătorii pot cere plata pentru munca făcută, chiar fără permis de muncă. În Uniunea Europeană, Directiva privind sancțiunile împotriva angajatorilor (2009/52/CE) le dă lucrătorilor fără drept de ședere dreptul să ceară banii pe care li-i datorează un angajator.
- Acolo unde munca sexuală nu este recunoscută ca muncă, aceste drepturi pot fi greu de folosit pentru munca sexuală în sine. Ele se aplică totuși altor munci, cum ar fi curățenia, munca în bar sau îngrijirea.
- Amenzile, „reținerile” și „datoriile” inventate de un șef sunt adesea ilegale.

## Ține o evidență

Notează, cu date: unde și când ai lucrat, orele, cât ai câștigat, ce ți s-a luat și cine a luat, nume și numere de telefon. Păstrează mesajele și capturile de ecran. O evidență te ajută dacă decizi să ceri bani sau să raportezi, acum sau mai târziu.

## Înainte să mergi la o autoritate

Inspecția muncii îi poate ajuta pe lucrători, dar în unele țări dă informații autorităților de imigrare sau vine împreună cu poliția. Înainte să contactezi inspecția muncii, un sindicat sau poliția, întreabă o organizație a lucrătoarelor sexuale, un sindicat care îi organizează pe migranți sau un avocat dacă este sigur pentru tine și ce s-ar putea întâmpla.

## Lucrul împreună

Să lucrezi cu alte lucrătoare sexuale poate fi mai sigur. În unele țări asta poate fi considerat bordel. Verifică [fișa țării tale](/rights/map) și întreabă o organizație locală care sunt riscurile.
`,

  reporting: `# Cum raportezi în siguranță

Tu decizi dacă raportezi, când și cui. Fiecare cale are riscuri și avantaje. Acest ghid te ajută să alegi și să te protejezi.

## Căi de a raporta

- **La Parasol.** Poți [raporta aici](/report) fără numele tău. Raportul tău este criptat și doar echipa organizației lucrătoarelor sexuale care îl primește îl poate citi. Nimic nu ajunge la poliție sau la autoritățile de imigrare dacă nu alegi tu asta în formular. Primești un cod de acces ca să citești răspunsurile.
- **La o organizație în care ai încredere**, față în față sau la telefon. Te poate ajuta să decizi ce faci mai departe și te poate însoți.
- **La poliție.** Doar tu poți decide asta. Înainte să mergi, întreabă o organizație sau un avocat dacă poliția de acolo verifică actele celor care fac plângere. În câteva locuri poliția a promis să nu facă asta (se numește raportare sigură), dar întreabă cum merge în practică. Poți merge însoțită și poți cere un interpret.
- **Informații anonime pentru poliție.** Unele organizații pot transmite ce s-a întâmplat și cine a făcut-o, fără numele tău. În formularul Parasol aceasta este alegerea „doar informații anonime”.

## Protejează-te când raportezi

- Dacă poți, folosește un telefon sau un calculator pe care îl folosești doar tu. Pe un dispozitiv comun, folosește o fereastră privată și închide-o după.
- Browserul Tor ascunde de unde te conectezi. Parasol funcționează în browserul Tor, chiar și cu JavaScript oprit.
- Butonul „Ieși acum de pe acest site”, sus pe fiecare pagină, te duce imediat pe un site cu vremea.
- Păstrează codul de acces într-un loc privat: oricine îl are îți poate citi raportul. Îl poți salva ca număr de telefon în contacte, sub un nume pe care doar tu îl înțelegi.
- Scrie doar ce te simți bine să spui. Poți adăuga mai târziu.

## Păstrează dovezile

- Nu șterge mesajele, lista de apeluri, pozele sau anunțurile legate de ce s-a întâmplat. Fă capturi de ecran în care se vede data.
- Fă poze la răni și la stricăciuni. Mergi la medic și păstrează actele medicale.
- Scrie ce s-a întâmplat cât îți amintești: data, ora și locul, ce s-a spus, nume, numere de telefon sau numere de înmatriculare.
- Păstrează copii într-un loc sigur, departe de persoana care ți-a făcut rău, de exemplu la o prietenă sau la o organizație.

## Avertizează-le pe celelalte

Dacă ești de acord, echipa îți poate transforma raportul într-un avertisment pentru alte lucrătoare sexuale, fără nimic care te-ar putea identifica. Când mai multe persoane raportează același număr de telefon sau același nume, echipa află, fără ca cineva să vadă numărul în clar.
`,
};
