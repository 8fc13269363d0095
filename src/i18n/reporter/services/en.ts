/**
 * The services directory, referrals and know-your-rights pages of the
 * reporter surface, in English: the source catalog of this module. Every
 * message has a description for translators. ICU MessageFormat syntax.
 */
export const en = {
  'services.title': { message: 'Services', description: 'Heading of the services directory page, and its link text.' },
  'services.intro': {
    message:
      'Health, legal, housing and other services that sex-worker organisations know and trust. Each one says whether it asks for ID and whether it could pass your details to immigration authorities.',
    description: 'Introduction at the top of the services directory.',
  },
  'services.filters': { message: 'Find a service', description: 'Heading of the filter form of the directory.' },
  'services.filter.place': { message: 'Place', description: 'Label of the place filter (country or city).' },
  'services.filter.anyPlace': { message: 'Anywhere', description: 'Option of the place filter: no place chosen.' },
  'services.filter.wholeCountry': { message: 'All of {country}', description: 'Option of the place filter: every service in a country. {country} is a country name.' },
  'services.filter.category': { message: 'Kind of help', description: 'Label of the category filter.' },
  'services.filter.anyCategory': { message: 'Any kind of help', description: 'Option of the category filter: no category chosen.' },
  'services.filter.language': { message: 'Language spoken', description: 'Label of the language filter.' },
  'services.filter.anyLanguage': { message: 'Any language', description: 'Option of the language filter: no language chosen.' },
  'services.filter.noImmigration': {
    message: 'Only services that do not share data with immigration authorities',
    description: 'Check box of the directory filter. Services whose answer is unknown are left out too.',
  },
  'services.filter.noImmigrationHint': {
    message: 'Services we are not sure about are left out too.',
    description: 'Help text under the "do not share data with immigration" check box.',
  },
  'services.filter.apply': { message: 'Show services', description: 'Button that applies the filters.' },
  'services.filter.clear': { message: 'Clear the filters', description: 'Link that shows the directory without filters.' },
  'services.count': {
    message: '{count, plural, =0 {No service matches.} one {# service} other {# services}}',
    description: 'Number of services found. Announced to screen readers.',
  },
  'services.none': {
    message: 'No service matches these filters. Try fewer filters, or ask a caseworker: they may know a service that is not listed.',
    description: 'Shown when the filters leave no service.',
  },
  'services.pager': { message: 'Page {page} of {pages}', description: 'Position in a list of pages.' },
  'services.previous': { message: 'Previous page', description: 'Link to the previous page of results.' },
  'services.next': { message: 'Next page', description: 'Link to the next page of results.' },
  'services.back': { message: 'All services', description: 'Link back to the directory from one service.' },
  'services.more': { message: 'Page of this service', description: 'Link from an entry to its own page (to share or keep it).' },

  'services.category.health': { message: 'Sexual and general health', description: 'Kind of service.' },
  'services.category.hiv_prep': { message: 'HIV testing, PrEP and PEP', description: 'Kind of service. PrEP and PEP are medicines that prevent HIV (before and after a risk).' },
  'services.category.legal_aid': { message: 'Legal aid', description: 'Kind of service: lawyers and legal advice.' },
  'services.category.labour_rights': { message: 'Labour rights', description: 'Kind of service: rights at work, unpaid money.' },
  'services.category.shelter': { message: 'Shelter and housing', description: 'Kind of service.' },
  'services.category.psychosocial': { message: 'Emotional support and counselling', description: 'Kind of service: psychosocial support.' },
  'services.category.harm_reduction': { message: 'Harm reduction (drugs and safer sex supplies)', description: 'Kind of service.' },
  'services.category.migrant_support': { message: 'Support for migrants', description: 'Kind of service.' },
  'services.category.trafficking_support': { message: 'Support for people who were trafficked or exploited', description: 'Kind of service.' },
  'services.category.sw_collective': { message: 'Sex-worker-led group', description: 'Kind of service: a collective run by sex workers.' },

  'services.cost.free': { message: 'Free', description: 'Cost of a service.' },
  'services.cost.low_cost': { message: 'Low cost', description: 'Cost of a service.' },
  'services.cost.paid': { message: 'You pay', description: 'Cost of a service: not free.' },
  'services.cost.unknown': { message: 'Cost not known: ask first', description: 'Cost of a service when we do not know it.' },

  'services.entry.place': { message: 'Where', description: 'Label before the place of a service.' },
  'services.entry.wholeCountry': { message: 'Serves all of {country}', description: 'Place of a service that serves a whole country (a helpline). {country} is a country name.' },
  'services.entry.languages': { message: 'Languages', description: 'Label before the languages a service speaks.' },
  'services.entry.contact': { message: 'Contact', description: 'Label before the contact details of a service.' },
  'services.entry.phone': { message: 'Phone', description: 'Label of a phone number.' },
  'services.entry.email': { message: 'E-mail', description: 'Label of an e-mail address.' },
  'services.entry.website': { message: 'Website', description: 'Label of a web address.' },
  'services.entry.messaging': { message: 'Messaging', description: 'Label of messaging apps (Signal, WhatsApp, ...).' },
  'services.entry.hours': { message: 'Opening hours', description: 'Label before opening hours.' },
  'services.entry.cost': { message: 'Cost', description: 'Label before the cost.' },
  'services.entry.newTab': { message: '(opens in a new tab)', description: 'Added after a link that opens a new tab, so this page stays open.' },

  'services.firewall.title': { message: 'Firewall rating: {level}', description: 'Heading of the box that says how safe a service is with personal data. {level} is a short rating word.' },
  'services.firewall.level.good': { message: 'good', description: 'Short rating: no ID, no data to immigration, no police report needed.' },
  'services.firewall.level.check': { message: 'ask first', description: 'Short rating: some answers are not known, or the service asks for something.' },
  'services.firewall.level.risk': { message: 'risk', description: 'Short rating: the service may pass data to immigration authorities.' },
  'services.firewall.explain.good': {
    message: 'This service does not pass data to immigration authorities, does not ask for ID and does not need a police report.',
    description: 'Plain explanation of a good firewall rating.',
  },
  'services.firewall.explain.check': {
    message: 'Read the points below before you go. Where something is not known, ask the service, or ask a caseworker to ask for you without giving your name.',
    description: 'Plain explanation of the "ask first" rating.',
  },
  'services.firewall.explain.risk': {
    message: 'This service may pass information to immigration authorities. Do not tell it about your papers or where you live unless you have talked to a caseworker or lawyer first.',
    description: 'Plain explanation of the "risk" rating.',
  },
  'services.firewall.immigration.no': { message: 'It does not share data with immigration authorities.', description: 'Firewall point.' },
  'services.firewall.immigration.unknown': { message: 'We do not know whether it shares data with immigration authorities.', description: 'Firewall point.' },
  'services.firewall.immigration.yes': { message: 'It may share data with immigration authorities.', description: 'Firewall point.' },
  'services.firewall.id.no': { message: 'It does not ask for ID or papers.', description: 'Firewall point.' },
  'services.firewall.id.unknown': { message: 'We do not know whether it asks for ID.', description: 'Firewall point.' },
  'services.firewall.id.yes': { message: 'It asks for ID or papers.', description: 'Firewall point.' },
  'services.firewall.police.no': { message: 'You do not need to go to the police first.', description: 'Firewall point: no police report is required.' },
  'services.firewall.police.unknown': { message: 'We do not know whether it needs a police report.', description: 'Firewall point.' },
  'services.firewall.police.yes': { message: 'It helps only after a report to the police.', description: 'Firewall point.' },
  'services.firewall.swLed.yes': { message: 'It is run by sex workers.', description: 'Firewall point.' },
  'services.firewall.swLed.no': { message: 'It is not run by sex workers.', description: 'Firewall point.' },
  'services.firewall.trans.yes': { message: 'It welcomes trans people.', description: 'Firewall point.' },
  'services.firewall.trans.no': { message: 'It may not welcome trans people.', description: 'Firewall point.' },
  'services.firewall.checked': { message: 'Last checked by an organisation on {day}.', description: 'When the entry was last checked with the service. {day} is a date.' },
  'services.firewall.notChecked': { message: 'Not checked with the service yet.', description: 'Shown when nobody has checked the entry.' },

  'services.referrals.title': { message: 'Services that may help', description: 'Heading of the list of services shown after a report.' },
  'services.referrals.intro': {
    message: 'These services work in the place you chose and fit what you told us. They do not know about your report, and nobody contacts them unless you ask your caseworker to.',
    description: 'Introduction of the list of services shown after a report.',
  },
  'services.referrals.none': {
    message: 'We have no services listed for this place yet. Your caseworker may know one.',
    description: 'Shown after a report when no service is listed for the place.',
  },
  'services.referrals.all': { message: 'All services in {country}', description: "Link to the directory filtered to the report's country. {country} is a country name." },
  'services.referrals.rights': { message: 'Your rights in {country}', description: 'Link to the country profile. {country} is a country name.' },

  'rights.title': { message: 'Know your rights', description: 'Heading of the know-your-rights page, and its link text.' },
  'rights.intro': {
    message: 'How the law treats sex work in each country, what to do when police come, and your rights as a victim of crime and as a worker.',
    description: 'Introduction of the know-your-rights page.',
  },
  'rights.disclaimer': {
    message: 'This is general information, not legal advice. Laws change, and what police do is not always what the law says. Before you act, talk to a sex-worker organisation or a lawyer you trust.',
    description: 'Disclaimer shown on every know-your-rights page.',
  },
  'rights.guides': { message: 'Guides', description: 'Heading of the list of rights guides.' },
  'rights.guide.police': { message: 'When the police come', description: 'Title of a rights guide (link text).' },
  'rights.guide.police.summary': { message: 'What you can say, what you can refuse, and how to stay safe during a check, a raid or an arrest.', description: 'One-line summary of the guide.' },
  'rights.guide.victims': { message: 'Your rights as a victim of crime', description: 'Title of a rights guide (link text).' },
  'rights.guide.victims.summary': {
    message: 'Health care after violence, support, and what the law offers people who were trafficked: a reflection period and residence permits.',
    description: 'One-line summary of the guide.',
  },
  'rights.guide.labour': { message: 'Your rights at work', description: 'Title of a rights guide (link text).' },
  'rights.guide.labour.summary': { message: 'Money you are owed, your documents, debts and safety at work, with or without papers.', description: 'One-line summary of the guide.' },
  'rights.guide.reporting': { message: 'How to report safely', description: 'Title of a rights guide (link text).' },
  'rights.guide.reporting.summary': { message: 'Ways to report violence, how to protect yourself while you do it, and how to keep evidence.', description: 'One-line summary of the guide.' },
  'rights.guide.back': { message: 'All rights pages', description: 'Link from a guide back to the know-your-rights page.' },
  'rights.countries': { message: 'Countries', description: 'Heading of the list of country profiles.' },
  'rights.countriesIntro': { message: 'The law on sex work, country by country. The map shows the same.', description: 'Text above the list of country profiles.' },
  'rights.mapLink': { message: 'See the map of laws', description: 'Link to the map page.' },

  'rights.map.title': { message: 'Sex work laws in Europe and Central Asia', description: 'Heading of the map page.' },
  'rights.map.intro': {
    message: 'Each country is coloured by how its law treats sex work. Select a country to read its profile. The table under the map gives the same information.',
    description: 'Text above the map.',
  },
  'rights.map.label': { message: 'Map of Europe and Central Asia coloured by the law on sex work. Each country links to its profile.', description: 'Accessible description of the map image.' },
  'rights.map.legend': { message: 'Legend', description: 'Heading of the map legend.' },
  'rights.map.unverified': { message: 'Hatched: unverified (weak or conflicting sources)', description: 'Legend entry for low-confidence countries.' },
  'rights.map.noProfile': { message: 'Grey: no profile', description: 'Legend entry for countries without a profile.' },
  'rights.map.dots': { message: 'Dots: states too small for the map data (Malta, Liechtenstein).', description: 'Legend note: small states are drawn as dots.' },
  'rights.map.countryLink': { message: '{country}. Law: {model}', description: 'Accessible name of a country on the map. {model} is the short name of its legal model.' },
  'rights.table.caption': { message: 'The law on sex work by country (the same as the map)', description: 'Caption of the table under the map.' },
  'rights.table.country': { message: 'Country or part', description: 'Column heading.' },
  'rights.table.model': { message: 'Legal model', description: 'Column heading.' },
  'rights.table.since': { message: 'Since', description: 'Column heading: year the current law took effect.' },
  'rights.table.confidence': { message: 'How sure we are', description: 'Column heading: how reliable the sources are.' },
  'rights.table.onMap': { message: 'On the map', description: 'Column heading: how the country appears on the map.' },
  'rights.onMap.outline': { message: 'Coloured outline', description: 'Table cell: the country is drawn on the map.' },
  'rights.onMap.byName': { message: 'Coloured outline (the map data has no country code for it, so it was matched by name)', description: 'Table cell for Kosovo.' },
  'rights.onMap.dot': { message: 'Dot (too small for the map data)', description: 'Table cell for small states.' },
  'rights.onMap.outside': { message: 'Outside the map (shown for comparison)', description: 'Table cell for New Zealand.' },
  'rights.onMap.missing': { message: 'Not on the map', description: 'Table cell for a profile that the map cannot draw.' },
  'rights.yearUnknown': { message: 'not known', description: 'Shown when the year of the current law is not known.' },

  'rights.model.criminalised': { message: 'Selling sex is punished', description: 'Short name of a legal model: selling sex is an offence (criminal or administrative).' },
  'rights.model.partial_criminalisation_of_purchase': { message: 'Buying sex is punished', description: 'Short name of a legal model: the "Nordic model" (clients punished, sellers not).' },
  'rights.model.partially_criminalised_other': { message: 'Organising sex work is punished', description: 'Short name of a legal model: selling is legal, brothels and pimping are crimes.' },
  'rights.model.regulated': { message: 'Legal only with a licence or registration', description: 'Short name of a legal model.' },
  'rights.model.decriminalised': { message: 'Decriminalised', description: 'Short name of a legal model: no special crimes for sex work.' },
  'rights.plain.criminalised': {
    message: 'Selling sex is against the law. You can be fined, detained or charged just for selling sex, even in private. Managing or helping someone sell sex is a crime too.',
    description: 'Plain-words explanation of the legal model.',
  },
  'rights.plain.partial_criminalisation_of_purchase': {
    message:
      'Selling sex is not an offence, but buying it is: clients are punished. This is often called the "Nordic model". Managing sex work, renting out a place and sometimes working together with others are crimes. Police may still watch and check sex workers.',
    description: 'Plain-words explanation of the legal model.',
  },
  'rights.plain.partially_criminalised_other': {
    message:
      'Selling sex is not an offence in itself, but organising it is: brothels, pimping and renting out a place are crimes. Soliciting in public is often punished too, and working together with other sex workers can count as running a brothel.',
    description: 'Plain-words explanation of the legal model.',
  },
  'rights.plain.regulated': {
    message:
      'Sex work is legal only inside a state system: registration, a licence, health checks or permitted places. Working outside that system is punished. In some of these countries people from outside the EU cannot register or get a permit for sex work.',
    description: 'Plain-words explanation of the legal model.',
  },
  'rights.plain.decriminalised': {
    message:
      'There are no special crimes for selling, buying or organising sex between adults who agree. The general law still applies: violence, coercion and exploitation are crimes, and rules on work and business apply.',
    description: 'Plain-words explanation of the legal model.',
  },

  'rights.confidence.high': { message: 'Well sourced', description: 'Confidence in a profile: several consistent, reliable sources.' },
  'rights.confidence.medium': { message: 'Some sources: check locally', description: 'Confidence in a profile: few or weaker sources.' },
  'rights.confidence.low': { message: 'Unverified', description: 'Confidence in a profile: weak or conflicting sources. Must read as "unverified".' },
  'rights.unverified': {
    message: 'Unverified: the sources for this country are weak or disagree. Do not rely on this page: ask a local organisation.',
    description: 'Warning on a low-confidence profile.',
  },

  'rights.profile.back': { message: 'Back to the map', description: 'Link from a profile back to the map.' },
  'rights.profile.since': { message: 'Current law since', description: 'Label before the year the current law took effect.' },
  'rights.profile.offences': { message: 'What is an offence', description: 'Heading of the part about offences.' },
  'rights.profile.selling': { message: 'Selling sex', description: 'Label.' },
  'rights.profile.buying': { message: 'Buying sex', description: 'Label.' },
  'rights.profile.thirdParties': { message: 'Managers, landlords and working together', description: 'Label: third parties (brothels, pimping, renting a place).' },
  'rights.profile.migrants': { message: 'Risks for migrants', description: 'Heading of the part about immigration consequences.' },
  'rights.profile.safeReporting': { message: 'Safe reporting', description: 'Label: whether victims can report to police without immigration checks.' },
  'rights.profile.safeReportingNone': {
    message: 'We know of no firewall here between reporting to the police and immigration checks. Ask a local organisation before you go to the police.',
    description: 'Shown when nothing is known about safe reporting in a country.',
  },
  'rights.profile.notes': { message: 'Research notes', description: 'Heading of the notes from the research data.' },
  'rights.profile.notesLanguage': { message: 'These notes are in English, as the research was written.', description: 'Said above notes that are not translated.' },
  'rights.profile.yearBasis': { message: 'About the year', description: 'Label of the note explaining the year.' },
  'rights.profile.migrantNotes': { message: 'About migrants', description: 'Label of the note about migrants.' },
  'rights.profile.otherNotes': { message: 'Other notes', description: 'Label of the other notes.' },
  'rights.profile.sources': { message: 'Sources', description: 'Heading of the list of sources.' },
  'rights.profile.sourceNotLinked': { message: '(not linked: not a secure https address)', description: 'After a source address that is shown as text only.' },
  'rights.profile.confidence': { message: 'How sure we are: {level}', description: 'Confidence in the profile. {level} is e.g. "Well sourced".' },
  'rights.profile.reviewed': { message: 'Last reviewed on {day}.', description: '{day} is a date.' },
  'rights.profile.latestSource': { message: 'The newest source is from {year}.', description: '{year} is a year (written without grouping).' },
  'rights.profile.services': { message: 'Services in {country}', description: 'Link to the directory for the country.' },
  'rights.profile.parts': { message: 'In {country} the law differs between its parts. Choose one:', description: 'Text of a page listing the parts of a country (the United Kingdom).' },

  'rights.selling.none': { message: 'Selling sex is not an offence.', description: 'Plain words for a code of the data.' },
  'rights.selling.administrative': {
    message: 'Selling sex is an administrative offence: you can be fined, and in some countries briefly detained, but it is not a crime.',
    description: 'Plain words for a code of the data.',
  },
  'rights.selling.administrative_conditional': {
    message: 'Selling sex is an administrative offence only in some situations, for example in public places, outside permitted zones or without a licence.',
    description: 'Plain words for a code of the data.',
  },
  'rights.selling.criminal': { message: 'Selling sex is a crime.', description: 'Plain words for a code of the data.' },
  'rights.selling.criminal_conditional': {
    message: 'Selling sex is a crime only in some situations, for example street soliciting or work without a licence.',
    description: 'Plain words for a code of the data.',
  },
  'rights.selling.unclear': { message: 'It is not clear whether selling sex is an offence.', description: 'Plain words for a code of the data.' },
  'rights.buying.none': { message: 'Buying sex is not an offence.', description: 'Plain words for a code of the data.' },
  'rights.buying.all': { message: 'Buying sex is an offence: clients are punished.', description: 'Plain words for a code of the data.' },
  'rights.buying.conditional': {
    message: 'Buying sex is an offence only in some cases, for example from someone under 18, or from someone who is trafficked or exploited.',
    description: 'Plain words for a code of the data.',
  },
  'rights.buying.administrative': { message: 'Clients can be fined.', description: 'Plain words for a code of the data.' },
  'rights.buying.administrative_conditional': { message: 'Clients can be fined in some situations, for example in public places.', description: 'Plain words for a code of the data.' },
  'rights.buying.criminal': { message: 'Buying sex is a crime.', description: 'Plain words for a code of the data.' },
  'rights.buying.unclear': { message: 'It is not clear whether buying sex is an offence.', description: 'Plain words for a code of the data.' },
  'rights.third.yes': {
    message: 'Organising sex work is a crime: running a brothel, pimping or renting out a place. Working together with others can count as this.',
    description: 'Plain words for a code of the data.',
  },
  'rights.third.partly': { message: 'Only some kinds of organising are crimes, for example exploitation or unlicensed businesses.', description: 'Plain words for a code of the data.' },
  'rights.third.unclear': { message: 'It is not clear what the law says about managers, landlords or working together.', description: 'Plain words for a code of the data.' },
  'rights.migrant.specific_rule': {
    message: 'A law is aimed at migrants who sell sex: a person can be refused entry or a visa, or be removed, for selling sex.',
    description: 'Plain words for a code of the data.',
  },
  'rights.migrant.general_grounds_used': {
    message: 'There is no special law, but general immigration rules (such as a "threat to public order" or "no honest way to support yourself") are used to remove migrants who sell sex.',
    description: 'Plain words for a code of the data.',
  },
  'rights.migrant.work_permit_barrier': {
    message: 'People from outside the EU cannot get a permit for sex work, so doing it can break immigration or work rules and lead to removal.',
    description: 'Plain words for a code of the data.',
  },
  'rights.migrant.none_found': { message: 'No rule against migrants who sell sex was found. Still check with a local organisation.', description: 'Plain words for a code of the data.' },
  'rights.migrant.not_researched': {
    message: 'Not researched yet. This does NOT mean there is no risk: ask a local organisation.',
    description: 'Plain words for a code of the data. Must not suggest that there is no rule.',
  },

  'rights.part.GB-EAW': { message: 'England and Wales (United Kingdom)', description: 'Part of the United Kingdom with its own law on sex work, with the country in brackets.' },
  'rights.part.GB-SCT': { message: 'Scotland (United Kingdom)', description: 'Part of the United Kingdom with its own law on sex work, with the country in brackets.' },
  'rights.part.GB-NIR': { message: 'Northern Ireland (United Kingdom)', description: 'Part of the United Kingdom with its own law on sex work, with the country in brackets.' },
  'rights.none': {
    message: 'No country profiles are loaded yet. An administrator can load them with the command "parasol rights import".',
    description: 'Shown when the database has no country profiles.',
  },
} as const satisfies Record<string, { message: string; description: string }>;

export type ServicesMessageId = keyof typeof en;
