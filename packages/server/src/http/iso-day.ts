import { isIsoDay } from '@renxing/shared';
import { z } from 'zod';

/** A calendar date field (YYYY-MM-DD, a real date): 400 naming the field otherwise, never a 500. */
export const IsoDay = z.string().refine(isIsoDay, { message: '日期格式应为 YYYY-MM-DD 且是真实日期|must be a real date YYYY-MM-DD', params: { code: 'invalid_date' } });
