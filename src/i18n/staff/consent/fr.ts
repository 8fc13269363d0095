/** The consent module of the staff catalog in French. */
import type { en } from './en.js';

export const fr = {
  'consentStaff.nav.requests': 'Demandes de coordonnées',
  'consentStaff.nav.retention': 'Conservation',
  'consentStaff.disclose': 'Préparer une transmission à la police',
  'consentStaff.noConsent': 'La personne qui signale n’a consenti à aucune transmission à la police. Rien ne peut être envoyé.',
  'consentStaff.review.title': 'Transmission à la police : vérifier ce qui va sortir',
  'consentStaff.review.intro': 'Seul ce qui figure sur cet écran sort de Parasol. Modifiez le texte pour retirer tout ce que la police ne doit pas voir. Niveau de consentement : {level}.',
  'consentStaff.review.facts': 'Faits inclus',
  'consentStaff.review.description': 'Récit (à modifier avant l’envoi)',
  'consentStaff.review.place': 'Précisions sur le lieu (à modifier avant l’envoi)',
  'consentStaff.review.identifiers': 'Numéros et noms de la personne mise en cause à inclure',
  'consentStaff.review.contact': 'Inclure les coordonnées de la personne qui signale (elle a choisi une plainte nominative)',
  'consentStaff.review.noContact': 'Les coordonnées de la personne qui signale ne sont pas incluses.',
  'consentStaff.review.print': 'Créer le document à imprimer',
  'consentStaff.review.json': 'Télécharger au format JSON',
  'consentStaff.doc.title': 'Transmission à la police {id}',
  'consentStaff.doc.logged': 'Cette transmission a été consignée dans le journal avec l’empreinte {hash}.',
  'consentStaff.doc.reporter': 'Personne qui signale',
  'consentStaff.doc.anonymous': 'Anonyme : l’identité de la personne qui signale n’est pas communiquée.',
  'consentStaff.identity.title': 'Afficher les coordonnées de la personne qui signale',
  'consentStaff.identity.explain':
    'Les coordonnées sont scellées. Votre demande doit être approuvée par un ou une dépositaire ; la personne qui signale verra que ses coordonnées ont été affichées, quand et pourquoi.',
  'consentStaff.identity.reason': 'Pourquoi vous en avez besoin',
  'consentStaff.identity.request': 'Demander à un ou une dépositaire',
  'consentStaff.identity.pending': 'Votre demande du {day} attend la décision d’un ou une dépositaire.',
  'consentStaff.identity.refused': 'Votre demande du {day} a été refusée par un ou une dépositaire.',
  'consentStaff.identity.approved': 'Votre demande a été approuvée le {day} par un ou une dépositaire.',
  'consentStaff.identity.reveal': 'Afficher les coordonnées (action consignée)',
  'consentStaff.requests.title': 'Demandes d’affichage des coordonnées',
  'consentStaff.requests.none': 'Aucune demande en attente.',
  'consentStaff.requests.item': 'Signalement {id}, demandé par {name} le {day}',
  'consentStaff.requests.reason': 'Motif : {reason}',
  'consentStaff.requests.approve': 'Approuver',
  'consentStaff.requests.refuse': 'Refuser',
  'consentStaff.requests.samePerson': 'Vous ne pouvez pas statuer sur votre propre demande.',
  'consentStaff.requests.noKey': 'Les coordonnées de ce signalement n’ont pas été scellées pour vous : vous ne pouvez donc pas les débloquer.',
  'consentStaff.requests.needsRenewal':
    'La clé des coordonnées de ce signalement est encore scellée à l’ancienne, pour des personnes gardiennes seules. Renouvelez d’abord la garde ci-dessous, puis approuvez.',
  'consentStaff.requests.already': 'Vous avez approuvé cette demande. Une deuxième personne gardienne doit aussi l’approuver.',
  'consentStaff.custody.title': 'Garde des clés des coordonnées',
  'consentStaff.custody.intro':
    'Les coordonnées de chaque personne qui signale ne s’ouvrent qu’avec les parts de deux personnes gardiennes. Aucune ne peut les ouvrir seule, et les débloquer demande l’accord de deux personnes gardiennes.',
  'consentStaff.custody.tooFew':
    'Votre organisation compte moins de deux personnes gardiennes : les coordonnées ne peuvent pas être débloquées et la garde ne peut pas être renouvelée. Demandez à la coordination de nommer une deuxième personne gardienne (deux personnes de la coordination doivent être d’accord).',
  'consentStaff.custody.pending':
    '{count, plural, one {La garde de # signalement doit être renouvelée} other {La garde de # signalements doit être renouvelée}}, car des personnes gardiennes sont arrivées ou parties, ou parce qu’une clé est encore scellée à l’ancienne. Renouveler transmet votre part aux autres personnes gardiennes ; quand une deuxième renouvelle à son tour, la clé est de nouveau partagée entre toutes les personnes gardiennes actuelles.',
  'consentStaff.custody.renew': 'Renouveler la garde',
  'consentStaff.custody.upToDate': 'La garde est à jour : chaque clé est partagée entre les personnes gardiennes actuelles.',
  'consentStaff.custody.renewed': 'Renouvelé : {renewed} de nouveau partagé(s), {handedOver} transmis à une autre personne gardienne.',
  'consentStaff.retention.title': 'Conservation',
  'consentStaff.retention.intro':
    'Les signalements clos sont supprimés ce nombre de jours après leur clôture, avec leurs messages, leurs notes et leurs clés. Seul reste un enregistrement statistique anonyme, si la personne qui signale l’a accepté.',
  'consentStaff.retention.days': 'Nombre de jours de conservation des signalements clos',
  'consentStaff.retention.invalid': 'Entrez un nombre entier de jours, de 1 à 3650.',
} as const satisfies Record<keyof typeof en, string>;
