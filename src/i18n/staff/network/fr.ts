/** Contenu du réseau et bannière de démonstration, en français. */
import type { en } from './en.js';

export const fr: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Démo : ne pas utiliser pour de vrais signalements',
  'staffServices.error.notCovered': 'Votre organisation ne couvre que ces zones : {areas}. Choisissez-en une ; un·e admin ajoute des zones sur la page Zones.',
  'staffServices.error.countryNotCovered': 'Votre organisation ne couvre aucune zone dans ce pays. Elle couvre : {areas}.',
  'staffServices.error.noCoverage': 'Votre organisation ne couvre encore aucune zone, elle ne peut donc pas publier de services. Un·e admin ajoute d’abord des zones sur la page Zones.',
  'network.notEditor':
    'Seul·es les éditeur·ices du réseau modifient les profils de pays, car toutes les personnes qui signalent dans le réseau les lisent. Vous n’êtes pas éditeur·ice : l’opérateur·ice du serveur nomme les éditeur·ices avec la commande parasol editor add USERNAME.',
  'network.tooFewEditors':
    'La modification des profils de pays est indisponible : chaque modification doit être approuvée par un·e second·e éditeur·ice, et le réseau a {count, plural, =0 {aucun·e éditeur·ice} one {un·e seul·e éditeur·ice} other {# éditeur·ices}}. Demandez à l’opérateur·ice du serveur de nommer un·e second·e éditeur·ice avec parasol editor add USERNAME.',
  'network.editors': 'Éditeur·ices du réseau : {names}.',
  'network.editorsNone': 'Le réseau n’a pas encore d’éditeur·ice.',
  'network.proposed': 'Votre modification est enregistrée comme proposition. Le public la verra quand un·e second·e éditeur·ice l’aura approuvée.',
  'network.unchanged': 'Rien n’a changé, donc rien n’a été proposé.',
  'network.changes.title': 'Modifications en attente d’un·e second·e éditeur·ice',
  'network.changes.none': 'Aucune modification n’attend d’approbation.',
  'network.changes.pending': '{count, plural, one {# modification attend} other {# modifications attendent}} l’approbation d’un·e second·e éditeur·ice.',
  'network.changes.review': 'Examiner les modifications',
  'network.changes.by': '{name} : proposé par {organisation} le {day}',
  'network.changes.field': 'Champ',
  'network.changes.before': 'Actuel',
  'network.changes.after': 'Proposé',
  'network.changes.approve': 'Approuver et publier',
  'network.changes.refuse': 'Refuser',
  'network.changes.approved': 'La modification est approuvée et publiée.',
  'network.changes.refused': 'La modification est refusée ; le profil reste tel quel.',
  'network.changes.own': 'Vous avez proposé cette modification : un·e autre éditeur·ice doit en décider.',
  'network.changes.stale': 'Le profil a changé après cette proposition, elle n’a donc pas été publiée. Proposez à nouveau la modification sur le profil actuel.',
  'network.changes.gone': 'Cette modification a déjà été tranchée.',
  'network.col.changed': 'Dernière modification',
  'network.changedCell': '{organisation}, {day}',
  'network.neverChanged': 'Pas depuis l’import',
  'network.services.tab': 'Autres organisations',
  'network.services.title': 'Services des autres organisations',
  'network.services.intro': 'Les éditeurs du réseau corrigent les fiches des autres organisations. Une correction n’est visible qu’après l’approbation d’un second éditeur.',
  'network.services.notEditor':
    'Seuls les éditeurs du réseau corrigent les services des autres organisations, car les personnes de tout le réseau y sont orientées. Vous n’êtes pas éditeur : l’opérateur du serveur nomme les éditeurs avec la commande parasol editor add USERNAME.',
  'network.services.tooFewEditors':
    'La correction des services des autres organisations est indisponible : chaque correction doit être approuvée par un second éditeur, et le réseau a {count, plural, =0 {aucun éditeur} one {un seul éditeur} other {# éditeurs}}. Demandez à l’opérateur du serveur de nommer un second éditeur avec parasol editor add USERNAME.',
  'network.services.entries': 'Fiches',
  'network.services.none': 'Aucune autre organisation n’a publié de service.',
  'network.services.propose': 'Proposer une correction',
  'network.services.refused': 'La correction est refusée ; la fiche reste telle quelle.',
  'network.services.approved': 'La correction est approuvée et visible.',
  'network.services.stale': 'La fiche a changé depuis cette proposition, elle n’a donc pas été appliquée. Proposez de nouveau la correction sur la fiche actuelle.',
};
