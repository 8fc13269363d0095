/** The consent module of the reporter catalog in Thai. */
import type { en } from './en.js';

export const th = {
  'consent.title': 'เปลี่ยนตัวเลือกของคุณ',
  'consent.intro': 'คุณเปลี่ยนตัวเลือกเหล่านี้ได้ทุกเมื่อ การเปลี่ยนจะมีผลตั้งแต่ตอนนี้เป็นต้นไป ถ้าคุณถอนความยินยอม จะไม่มีอะไรส่งไปถึงตำรวจอีก และรายงานของคุณจะไม่ถูกนับรวมในสถิติอีกต่อไป',
  'consent.save': 'บันทึกตัวเลือกของฉัน',
  'consent.saved': 'บันทึกตัวเลือกของคุณแล้ว',
  'consent.released': 'ข้อมูลติดต่อของคุณถูกเปิดให้เจ้าหน้าที่ดูแลเคสดูเมื่อ {day} เหตุผลที่ให้ไว้: {reason}',
  'consent.delete.title': 'ลบรายงานของคุณ',
  'consent.delete.intro': 'การลบนี้จะลบรายงานของคุณ ข้อความ และทุกอย่างที่คุณเพิ่มไว้อย่างถาวร ย้อนกลับไม่ได้ และรหัสรับเรื่องของคุณจะใช้ไม่ได้อีก',
  'consent.delete.confirm': 'ใช่ ลบรายงานของฉันอย่างถาวร',
  'consent.delete.button': 'ลบรายงานของฉัน',
  'consent.delete.needConfirm': 'โปรดติ๊กในช่องเพื่อยืนยัน',
  'consent.deleted.title': 'ลบรายงานของคุณแล้ว',
  'consent.deleted.body': 'รายงานของคุณและทุกอย่างในรายงานถูกลบหมดแล้ว คุณปิดหน้านี้ได้เลย',
} as const satisfies Record<keyof typeof en, string>;
