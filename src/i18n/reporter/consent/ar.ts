/** The consent module of the reporter catalog in Arabic. */
import type { en } from './en.js';

export const ar = {
  'consent.title': 'تغيير اختياراتك',
  'consent.intro': 'يمكن تغيير هذه الاختيارات في أي وقت. يسري التغيير من الآن فصاعدًا: عند سحب الموافقة، لا يُرسَل أي شيء آخر إلى الشرطة، ويُستبعَد بلاغك من الإحصاءات.',
  'consent.save': 'حفظ اختياراتي',
  'consent.saved': 'تم حفظ اختياراتك.',
  'consent.released': 'عُرضت بيانات التواصل الخاصة بك على شخص من فريق الدعم في {day}. السبب المذكور: {reason}',
  'consent.delete.title': 'حذف بلاغك',
  'consent.delete.intro': 'سيؤدي هذا إلى حذف بلاغك والرسائل وكل ما أضفته حذفًا نهائيًا. لا يمكن التراجع عن ذلك، وسيتوقف رمز الإيصال الخاص بك عن العمل.',
  'consent.delete.confirm': 'نعم، أريد حذف بلاغي نهائيًا',
  'consent.delete.button': 'حذف بلاغي',
  'consent.delete.needConfirm': 'يُرجى وضع علامة في المربع للتأكيد.',
  'consent.deleted.title': 'تم حذف بلاغك',
  'consent.deleted.body': 'حُذف بلاغك وكل ما فيه. يمكن الآن إغلاق هذه الصفحة.',
  // Changing your mind about warnings (issue 17.6).
  'consent.warn.stop': 'لا تستخدموا بلاغي لتحذير الآخرين',
  'consent.warn.stopHint': 'سيُبلَّغ الشخص الذي يتابع بلاغك. التحذير المنشور بالفعل لا يتغيّر إلا بعد موافقة شخصين من فريق الدعم، لذلك قد يبقى كما هو لبضعة أيام. لا يمكن التراجع عن هذا من هنا.',
  'consent.warn.stopped': 'في {day} طلبتَ ألّا يُستخدَم بلاغك لتحذير أي أحد.',
} as const satisfies Record<keyof typeof en, string>;
