import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';

describe('duty log (值班日志)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T09:00:00+08:00' });
  });
  afterAll(async () => t.close());

  it('refuses an entry dated in the future (it would head the log for good), naming the field; a past one is kept', async () => {
    const s = await t.login('street');
    const future = await as(t, s).post('/api/duty-logs', { category: 'other', content: '值班交接', occurredAt: '2030-01-01T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0]).toMatchObject({ path: 'occurredAt', code: 'future_date', message: '发生时间不能晚于现在', messageEn: 'must not be in the future' });
    // A couple of minutes ahead (a phone's clock) is fine.
    expect((await as(t, s).post('/api/duty-logs', { category: 'shift', content: '早班交接', occurredAt: '2026-11-29T09:02:00+08:00' })).statusCode).toBe(201);
    expect((await as(t, s).post('/api/duty-logs', { category: 'incident', content: '昨晚卡口异常已处理', occurredAt: '2026-11-28T22:00:00+08:00' })).statusCode).toBe(201);
    const list = await as(t, s).get('/api/duty-logs');
    expect(list.json().items.map((i: { content: string }) => i.content)).toEqual(['早班交接', '昨晚卡口异常已处理']);
  });
});
