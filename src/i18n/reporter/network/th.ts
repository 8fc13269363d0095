/** เนื้อหาของเครือข่ายและแถบแจ้งเตือนเวอร์ชันสาธิต ภาษาไทย */
import type { en } from './en.js';

export const th: Record<keyof typeof en, string> = {
  'network.demoBanner': 'เวอร์ชันสาธิต: ห้ามใช้แจ้งเหตุการณ์จริง',
  'network.changedBy': 'แก้ไขล่าสุดโดย {organisation} เมื่อ {day} และได้รับการอนุมัติจากบรรณาธิการคนที่สองของเครือข่าย',
};
