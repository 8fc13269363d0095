/** محتوى الشبكة وشريط النسخة التجريبية، بالعربية. */
import type { en } from './en.js';

export const ar: Record<keyof typeof en, string> = {
  'network.demoBanner': 'نسخة تجريبية: لا تستخدمها للإبلاغ عن حوادث حقيقية',
  'network.changedBy': 'آخر تعديل أجرته {organisation} في {day}، ووافق عليه محرر ثانٍ في الشبكة.',
};
