/**
 * Demo data for the services directory and the know-your-rights pages, for
 * local use: fictional services (addresses on example.org, unassigned phone
 * numbers) for the demo organisations' areas, and the legal-models data
 * shipped with Parasol. Never use demo data on a real installation.
 */
import { importBundledProfilesIfEmpty, type ProfileImportResult } from '../core/rights/profiles.import.js';
import { dayOf, type CoreDeps } from '../core/shared/deps.js';
import { insertService } from '../core/services/services.repository.js';
import type { Cost, ServiceCategory, ServiceInput, Tristate } from '../core/services/services.types.js';

interface DemoService {
  name: string;
  description: string;
  categories: ServiceCategory[];
  country: string;
  area: string | null;
  city: string;
  address?: string;
  languages: string[];
  phone?: string;
  email?: string;
  website?: string;
  messaging?: string;
  hours?: string;
  cost: Cost;
  /** asks for ID, shares with immigration, needs a police report, sex-worker-led, trans-inclusive */
  firewall: [Tristate, Tristate, Tristate, Tristate, Tristate];
  /** Days before today it was last checked; null when never. */
  checkedDaysAgo: number | null;
}

/** The demo services, by the slug of the organisation that keeps them. */
export const DEMO_SERVICES: Readonly<Record<string, readonly DemoService[]>> = {
  'umbrela-rosie': [
    {
      name: 'Clinica Prima Linie',
      description: 'Consultații de sănătate sexuală, testare HIV și ITS, PEP și contracepție de urgență, îngrijirea rănilor. Nu cere acte și nu anunță poliția.',
      categories: ['health', 'hiv_prep'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      address: 'Strada Exemplului 12, Sector 2',
      languages: ['ro', 'en'],
      phone: '+40 21 000 0101',
      website: 'https://prima-linie.example.org/',
      hours: 'Luni–vineri 10–19, sâmbătă 10–14',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 20,
    },
    {
      name: 'Asociația Juridică Drepturi pentru Toate',
      description: 'Avocate care însoțesc victimele violenței, inclusiv lucrătoarele sexuale, la medicul legist și în instanță. Consultații gratuite.',
      categories: ['legal_aid'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['ro', 'en', 'ru'],
      phone: '+40 21 000 0202',
      email: 'ajutor@drepturi.example.org',
      messaging: 'Signal: +40 700 000 202',
      hours: 'Luni–joi 9–17',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'unknown', 'yes'],
      checkedDaysAgo: 45,
    },
    {
      name: 'Bucharest Expat Medical Practice',
      description: 'General practice for English speakers. Appointments only.',
      categories: ['health'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['en'],
      phone: '+40 21 000 0303',
      website: 'https://expat-medical.example.org/',
      hours: 'Mon–Fri 8–18',
      cost: 'paid',
      firewall: ['yes', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: 200,
    },
    {
      name: 'Centrul de Criză pentru Victimele Violenței Sexuale',
      description: 'Sprijin medical și psihologic imediat după un viol, 24 din 24. Examinare medico-legală la cerere.',
      categories: ['health', 'psychosocial'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['ro'],
      phone: '+40 21 000 0404',
      hours: 'Non-stop',
      cost: 'free',
      firewall: ['unknown', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: null,
    },
    {
      name: 'Umbrela Roșie: grupul de sprijin între egale',
      description: 'Întâlniri săptămânale și sprijin de la alte lucrătoare sexuale. Te putem însoți la medic sau la avocată.',
      categories: ['sw_collective', 'psychosocial'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['ro', 'en', 'es'],
      messaging: 'WhatsApp sau Signal: +40 700 000 505',
      hours: 'Miercuri 18–21',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'yes'],
      checkedDaysAgo: 5,
    },
    {
      name: 'Adăpostul Municipal de Urgență',
      description: 'Adăpost de urgență al primăriei. Cere act de identitate și raportează autorităților.',
      categories: ['shelter'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['ro'],
      phone: '+40 21 000 0606',
      hours: 'Non-stop',
      cost: 'free',
      firewall: ['yes', 'yes', 'no', 'no', 'unknown'],
      checkedDaysAgo: 90,
    },
    {
      name: 'Centrul Pas cu Pas',
      description: 'Reducerea riscurilor: seringi sterile, naloxonă, prezervative, testare rapidă HIV și hepatită C.',
      categories: ['harm_reduction', 'hiv_prep'],
      country: 'RO',
      area: 'ro-bucharest',
      city: 'București',
      languages: ['ro', 'en'],
      phone: '+40 21 000 0707',
      hours: 'Zilnic 12–20; unitate mobilă seara',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 30,
    },
    {
      name: 'Linia de ajutor pentru persoanele traficate',
      description: 'Linie telefonică națională, gratuită, pentru persoanele exploatate sau traficate. Te pune în legătură cu un adăpost specializat.',
      categories: ['trafficking_support'],
      country: 'RO',
      area: null,
      city: '',
      languages: ['ro', 'en'],
      phone: '0800 000 808',
      hours: 'Non-stop',
      cost: 'free',
      firewall: ['no', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: 120,
    },
    {
      name: 'Cabinet de Avocatură Solidară Cluj',
      description: 'Asistență juridică gratuită pentru victimele violenței și pentru probleme de muncă.',
      categories: ['legal_aid', 'labour_rights'],
      country: 'RO',
      area: 'ro-cluj',
      city: 'Cluj-Napoca',
      languages: ['ro', 'hu', 'en'],
      email: 'contact@solidar-cluj.example.org',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 60,
    },
    {
      name: 'Centrul de Sănătate Prietenos Chișinău',
      description: 'Testare HIV și ITS, consultații anonime, profilaxie după expunere.',
      categories: ['health', 'hiv_prep'],
      country: 'MD',
      area: 'md-chisinau',
      city: 'Chișinău',
      languages: ['ro', 'ru'],
      phone: '+373 22 000 010',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'unknown'],
      checkedDaysAgo: 75,
    },
  ],
  'soho-peers': [
    {
      name: 'Soho Walk-in Sexual Health Clinic',
      description: 'Walk-in sexual health clinic: STI testing, PEP and PrEP, emergency contraception. No ID or GP registration needed.',
      categories: ['health', 'hiv_prep'],
      country: 'GB',
      area: 'gb-london',
      city: 'London',
      languages: ['en', 'pt', 'ro', 'es'],
      phone: '+44 20 0000 1001',
      website: 'https://soho-clinic.example.org/',
      hours: 'Mon–Fri 9–19',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 15,
    },
    {
      name: 'East London Migrant Legal Collective',
      description: 'Free advice on crime, policing and immigration for sex workers and migrants.',
      categories: ['legal_aid', 'migrant_support'],
      country: 'GB',
      area: 'gb-london',
      city: 'London',
      languages: ['en', 'ro', 'pl', 'pt'],
      email: 'advice@elmlc.example.org',
      messaging: 'Signal: +44 7700 900 555',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'unknown', 'yes'],
      checkedDaysAgo: 40,
    },
    {
      name: 'Red Umbrella Peers London',
      description: 'Sex worker collective: peer support, bad-date warnings, accompaniment.',
      categories: ['sw_collective', 'psychosocial'],
      country: 'GB',
      area: 'gb-london',
      city: 'London',
      languages: ['en', 'es', 'pt', 'ro', 'th'],
      messaging: 'WhatsApp: +44 7700 900 666',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'yes'],
      checkedDaysAgo: 3,
    },
    {
      name: 'Westminster Council Night Shelter',
      description: 'Council-run night shelter. Asks for ID and immigration status.',
      categories: ['shelter'],
      country: 'GB',
      area: 'gb-london',
      city: 'London',
      languages: ['en'],
      phone: '+44 20 0000 1004',
      cost: 'free',
      firewall: ['yes', 'yes', 'no', 'no', 'unknown'],
      checkedDaysAgo: 100,
    },
    {
      name: 'Manchester Outreach Van',
      description: 'Evening outreach: condoms, hot drinks, health checks and a safe space to talk.',
      categories: ['harm_reduction', 'health'],
      country: 'GB',
      area: 'gb-manchester',
      city: 'Manchester',
      languages: ['en'],
      phone: '+44 161 000 1005',
      hours: 'Tue and Fri 20–1',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 25,
    },
  ],
  'parapluie-paris': [
    {
      name: 'Centre de santé communautaire Parapluie',
      description: 'Dépistage VIH et IST, PrEP, PEP, contraception d’urgence. Sans papiers, sans rendez-vous.',
      categories: ['health', 'hiv_prep'],
      country: 'FR',
      area: 'fr-paris',
      city: 'Paris',
      languages: ['fr', 'en', 'es', 'zh'],
      phone: '+33 1 00 00 01 01',
      hours: 'Lun–ven 10h–18h',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'yes'],
      checkedDaysAgo: 12,
    },
    {
      name: 'Permanence juridique des travailleuses du sexe',
      description: 'Plaintes, aide juridictionnelle, droits des victimes, titres de séjour.',
      categories: ['legal_aid', 'migrant_support'],
      country: 'FR',
      area: 'fr-paris',
      city: 'Paris',
      languages: ['fr', 'en', 'es', 'ar'],
      email: 'juridique@parapluie.example.org',
      hours: 'Jeudi 14h–19h',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'yes'],
      checkedDaysAgo: 33,
    },
    {
      name: 'Santé communautaire Lyon',
      description: 'Consultations de santé sexuelle et accompagnement.',
      categories: ['health'],
      country: 'FR',
      area: 'fr-lyon',
      city: 'Lyon',
      languages: ['fr'],
      phone: '+33 4 00 00 01 03',
      cost: 'free',
      firewall: ['no', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: null,
    },
  ],
  rotschirm: [
    {
      name: 'Rotschirm Beratung',
      description: 'Beratung von Sexarbeiter*innen für Sexarbeiter*innen: Gewalt, Arbeit, Gesundheit.',
      categories: ['sw_collective', 'psychosocial', 'labour_rights'],
      country: 'DE',
      area: 'de-berlin',
      city: 'Berlin',
      languages: ['de', 'en', 'ro', 'bg', 'th'],
      phone: '+49 30 0000 0101',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'yes'],
      checkedDaysAgo: 8,
    },
    {
      name: 'Zentrum für sexuelle Gesundheit Berlin',
      description: 'Anonyme Tests auf HIV und sexuell übertragbare Infektionen, Beratung.',
      categories: ['health', 'hiv_prep'],
      country: 'DE',
      area: 'de-berlin',
      city: 'Berlin',
      languages: ['de', 'en'],
      phone: '+49 30 0000 0102',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'no', 'yes'],
      checkedDaysAgo: 70,
    },
    {
      name: 'Schutzwohnung Hamburg',
      description: 'Geschützte Unterkunft für Betroffene von Menschenhandel und Ausbeutung.',
      categories: ['shelter', 'trafficking_support'],
      country: 'DE',
      area: 'de-hamburg',
      city: 'Hamburg',
      languages: ['de', 'en', 'ro'],
      phone: '+49 40 0000 0103',
      cost: 'free',
      firewall: ['no', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: 150,
    },
  ],
  'kyzyl-kolshatyr': [
    {
      name: 'Пункт здоровья «Равные» Алматы',
      description: 'Тестирование на ВИЧ и ИППП, презервативы, консультации равных.',
      categories: ['health', 'harm_reduction'],
      country: 'KZ',
      area: 'kz-almaty',
      city: 'Almaty',
      languages: ['ru', 'kk'],
      phone: '+7 727 000 0101',
      cost: 'free',
      firewall: ['no', 'no', 'no', 'yes', 'unknown'],
      checkedDaysAgo: 50,
    },
    {
      name: 'Юридическая клиника Бишкек',
      description: 'Бесплатная юридическая помощь при насилии и задержаниях.',
      categories: ['legal_aid'],
      country: 'KG',
      area: 'kg-bishkek',
      city: 'Bishkek',
      languages: ['ru', 'ky'],
      phone: '+996 312 000 101',
      cost: 'free',
      firewall: ['no', 'unknown', 'no', 'no', 'unknown'],
      checkedDaysAgo: null,
    },
  ],
};

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

function inputOf(s: DemoService, today: string): ServiceInput {
  const [asksForId, sharesWithImmigration, needsPoliceReport, sexWorkerLed, transInclusive] = s.firewall;
  return {
    name: s.name,
    description: s.description,
    categories: s.categories,
    countryCode: s.country,
    areaId: s.area,
    city: s.city,
    address: s.address ?? '',
    languages: s.languages,
    phone: s.phone ?? '',
    email: s.email ?? '',
    website: s.website ?? '',
    messaging: s.messaging ?? '',
    openingHours: s.hours ?? '',
    cost: s.cost,
    firewall: { asksForId, sharesWithImmigration, needsPoliceReport, sexWorkerLed, transInclusive, verifiedDay: s.checkedDaysAgo === null ? null : daysBefore(today, s.checkedDaysAgo) },
  };
}

export interface DemoSeedResult {
  readonly services: number;
  readonly profiles: ProfileImportResult | null;
}

/**
 * Adds the demo services to each demo organisation that exists and has none
 * yet (areas that do not exist are left out of the link, the city stays),
 * and loads the shipped legal-models data when there are no profiles yet.
 */
export async function seedDemoServices(deps: Pick<CoreDeps, 'db' | 'clock'>): Promise<DemoSeedResult> {
  const today = dayOf(deps.clock);
  let count = 0;
  await deps.db.transaction().execute(async (trx) => {
    const areas = new Set((await trx.selectFrom('areas').select('id').execute()).map((a) => a.id));
    for (const [slug, list] of Object.entries(DEMO_SERVICES)) {
      const org = await trx.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!org) continue;
      const has = await trx.selectFrom('services').select('id').where('organisation_id', '=', org.id).limit(1).executeTakeFirst();
      if (has) continue;
      for (const s of list) {
        const input = inputOf(s, today);
        await insertService(trx, org.id, { ...input, areaId: input.areaId && areas.has(input.areaId) ? input.areaId : null }, today);
        count++;
      }
    }
  });
  const profiles = await importBundledProfilesIfEmpty(deps.db, today);
  return { services: count, profiles };
}
