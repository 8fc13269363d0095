/** The consent module of the reporter catalog in Spanish. */
import type { en } from './en.js';

export const es = {
  'consent.title': 'Cambiar tus opciones',
  'consent.intro': 'Puedes cambiarlas cuando quieras. Un cambio cuenta desde ahora: si retiras tu permiso, ya no se envía nada más a la policía y tu reporte sale de las estadísticas.',
  'consent.save': 'Guardar mis opciones',
  'consent.saved': 'Tus opciones se guardaron.',
  'consent.released': 'Tus datos de contacto se mostraron a una persona del equipo el {day}. El motivo indicado: {reason}',
  'consent.delete.title': 'Borrar tu reporte',
  'consent.delete.intro': 'Esto borra para siempre tu reporte, los mensajes y todo lo que añadiste. No se puede deshacer, y tu código de seguimiento dejará de funcionar.',
  'consent.delete.confirm': 'Sí, borrar mi reporte para siempre',
  'consent.delete.button': 'Borrar mi reporte',
  'consent.delete.needConfirm': 'Marca la casilla para confirmar.',
  'consent.deleted.title': 'Tu reporte se borró',
  'consent.deleted.body': 'Tu reporte y todo lo que contenía se borraron. Puedes cerrar esta página.',
  // Changing your mind about warnings (issue 17.6).
  'consent.warn.stop': 'No avisar a otras personas con mi reporte',
  'consent.warn.stopHint':
    'Se avisa a la persona que lleva tu caso. Un aviso ya publicado solo cambia cuando dos personas del equipo están de acuerdo, así que puede seguir igual unos días. Esto no se puede deshacer aquí.',
  'consent.warn.stopped': 'El {day} pediste que no se avise a nadie con tu reporte.',
} as const satisfies Record<keyof typeof en, string>;
