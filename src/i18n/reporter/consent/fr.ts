/** The consent module of the reporter catalog in French. */
import type { en } from './en.js';

export const fr = {
  'consent.title': 'Modifier vos choix',
  'consent.intro':
    'Vous pouvez les modifier à tout moment. Un changement compte à partir de maintenant : si vous retirez votre accord, plus rien n’est transmis à la police et votre signalement n’est plus compté dans les statistiques.',
  'consent.save': 'Enregistrer mes choix',
  'consent.saved': 'Vos choix ont été enregistrés.',
  'consent.released': 'Vos coordonnées ont été montrées à une personne de l’équipe le {day}. La raison donnée : {reason}',
  'consent.delete.title': 'Supprimer votre signalement',
  'consent.delete.intro':
    'Cela supprime définitivement votre signalement, les messages et tout ce que vous avez ajouté. On ne peut pas revenir en arrière, et votre code de suivi ne fonctionnera plus.',
  'consent.delete.confirm': 'Oui, supprimer définitivement mon signalement',
  'consent.delete.button': 'Supprimer mon signalement',
  'consent.delete.needConfirm': 'Cochez la case pour confirmer.',
  'consent.deleted.title': 'Votre signalement a été supprimé',
  'consent.deleted.body': 'Votre signalement et tout ce qu’il contenait ont été effacés. Vous pouvez fermer cette page.',
  // Changing your mind about warnings (issue 17.6).
  'consent.warn.stop': 'Ne pas prévenir d’autres personnes à partir de mon signalement',
  'consent.warn.stopHint':
    'La personne qui suit votre dossier est prévenue. Un avertissement déjà publié ne change qu’après l’accord de deux personnes de l’équipe : il peut donc rester tel quel quelques jours. Ce choix ne peut pas être annulé ici.',
  'consent.warn.stopped': 'Le {day}, vous avez demandé que personne ne soit prévenu à partir de votre signalement.',
} as const satisfies Record<keyof typeof en, string>;
