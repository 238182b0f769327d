import { DateTime } from 'luxon';

/** Test helper: 'YYYY-MM-DD HH:mm' local in `zone` → UTC Date. Tests read in local time like the business does. */
export function local(text: string, zone = 'Asia/Shanghai'): Date {
  const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad test time '${text}'`);
  return dt.toJSDate();
}

/** Test helper: a Date shown as 'YYYY-MM-DD HH:mm' local in `zone`, for readable assertions. */
export function show(date: Date | null, zone = 'Asia/Shanghai'): string | null {
  return date ? DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm') : null;
}
