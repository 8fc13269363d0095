/** Contenido de la red y aviso de demostración, en español. */
import type { en } from './en.js';

export const es: Record<keyof typeof en, string> = {
  'network.demoBanner': 'Demostración: no la use para denuncias reales',
  'staffServices.error.notCovered': 'Su organización solo cubre estas zonas: {areas}. Elija una de ellas; una persona administradora añade zonas en la página Zonas.',
  'staffServices.error.countryNotCovered': 'Su organización no cubre ninguna zona en este país. Cubre: {areas}.',
  'staffServices.error.noCoverage': 'Su organización aún no cubre ninguna zona, así que no puede publicar servicios. Primero, una persona administradora añade zonas en la página Zonas.',
  'network.notEditor':
    'Solo las personas editoras de la red cambian los perfiles de país, porque todas las personas que denuncian en la red los leen. Usted no es editora: quien opera el servidor nombra a las editoras con el comando parasol editor add USERNAME.',
  'network.tooFewEditors':
    'No se pueden cambiar los perfiles de país: cada cambio necesita la aprobación de una segunda persona editora, y la red tiene {count, plural, =0 {ninguna persona editora} one {solo una persona editora} other {# personas editoras}}. Pida a quien opera el servidor que nombre a una segunda persona editora con parasol editor add USERNAME.',
  'network.editors': 'Personas editoras de la red: {names}.',
  'network.editorsNone': 'La red aún no tiene personas editoras.',
  'network.proposed': 'Su cambio se guardó como propuesta. El público lo verá cuando una segunda persona editora lo apruebe.',
  'network.unchanged': 'No cambió nada, así que no se propuso nada.',
  'network.changes.title': 'Cambios que esperan a una segunda persona editora',
  'network.changes.none': 'Ningún cambio espera aprobación.',
  'network.changes.pending': '{count, plural, one {# cambio espera} other {# cambios esperan}} la aprobación de una segunda persona editora.',
  'network.changes.review': 'Revisar los cambios',
  'network.changes.by': '{name}: propuesto por {organisation} el {day}',
  'network.changes.field': 'Campo',
  'network.changes.before': 'Actual',
  'network.changes.after': 'Propuesto',
  'network.changes.approve': 'Aprobar y publicar',
  'network.changes.refuse': 'Rechazar',
  'network.changes.approved': 'El cambio está aprobado y publicado.',
  'network.changes.refused': 'El cambio fue rechazado; el perfil sigue igual.',
  'network.changes.own': 'Usted propuso este cambio: otra persona editora debe decidirlo.',
  'network.changes.stale': 'El perfil cambió después de esta propuesta, así que no se publicó. Proponga el cambio de nuevo sobre el perfil actual.',
  'network.changes.gone': 'Este cambio ya se decidió.',
  'network.col.changed': 'Último cambio',
  'network.changedCell': '{organisation}, {day}',
  'network.neverChanged': 'No desde la importación',
  'network.services.tab': 'Otras organizaciones',
  'network.services.title': 'Servicios de otras organizaciones',
  'network.services.intro': 'Los editores de la red corrigen las fichas de otras organizaciones. Una corrección solo se muestra cuando la aprueba un segundo editor.',
  'network.services.notEditor':
    'Solo los editores de la red corrigen los servicios de otras organizaciones, porque a ellos se deriva a personas de toda la red. Usted no es editor: el operador del servidor nombra editores con el comando parasol editor add USERNAME.',
  'network.services.tooFewEditors':
    'No se pueden corregir servicios de otras organizaciones: cada corrección necesita la aprobación de un segundo editor, y la red tiene {count, plural, =0 {ningún editor} one {un solo editor} other {# editores}}. Pida al operador del servidor que nombre a un segundo editor con parasol editor add USERNAME.',
  'network.services.entries': 'Fichas',
  'network.services.none': 'Ninguna otra organización ha publicado un servicio.',
  'network.services.propose': 'Proponer una corrección',
  'network.services.refused': 'La corrección se ha rechazado; la ficha queda como estaba.',
  'network.services.approved': 'La corrección se ha aprobado y se muestra.',
  'network.services.stale': 'La ficha cambió después de esta propuesta, así que no se aplicó. Proponga de nuevo la corrección sobre la ficha actual.',
};
