import { describe, expect, it } from 'vitest';
import { ApiError, buildUrl, parseRetryAfter, request, setCsrfToken, setPasswordChangeHandler, setSessionLostHandler, setStepUpHandler, setUnauthorizedHandler, toApiError } from './client';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('900')).toBe(900);
    expect(parseRetryAfter(' 30 ')).toBe(30);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-10T08:00:00Z');
    expect(parseRetryAfter('Sat, 10 Jan 2026 08:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Sat, 10 Jan 2026 07:00:00 GMT', now)).toBe(0);
  });
  it('returns null when absent or unreadable', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('toApiError', () => {
  it('parses the error envelope with details and request id', async () => {
    const error = await toApiError(
      jsonResponse(400, {
        error: {
          code: 'validation_failed',
          message: '密码不符合要求',
          messageEn: 'Password rejected',
          details: [{ path: 'newPassword', code: 'too_short', message: '太短', messageEn: 'Too short' }],
        },
        requestId: 'req-1',
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path: 'newPassword', code: 'too_short', message: '太短', messageEn: 'Too short' }]);
    expect(error.requestId).toBe('req-1');
    expect(error.localized('zh-CN')).toBe('密码不符合要求');
    expect(error.localized('en')).toBe('Password rejected');
  });

  it('keeps Retry-After of a 429 in seconds', async () => {
    const error = await toApiError(
      jsonResponse(429, { error: { code: 'too_many_attempts', message: '尝试次数过多', messageEn: 'Too many attempts' } }, { 'retry-after': '600' }),
    );
    expect(error.code).toBe('too_many_attempts');
    expect(error.retryAfter).toBe(600);
    expect(error.details).toEqual([]);
  });

  it('falls back to http_<status> when the body is not an envelope', async () => {
    const error = await toApiError(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.code).toBe('http_502');
    expect(error.localized('zh-CN')).toBe('');
  });

  it('falls back to the other language when one message is missing', async () => {
    const error = await toApiError(jsonResponse(500, { error: { code: 'internal', message: '', messageEn: 'Internal error' } }));
    expect(error.localized('zh-CN')).toBe('Internal error');
  });
});

describe('buildUrl', () => {
  it('drops empty values and encodes the rest', () => {
    expect(buildUrl('/api/audit', { page: 2, actorId: '', action: undefined, objectType: null, from: '2026-01-01T00:00:00.000Z' })).toBe(
      '/api/audit?page=2&from=2026-01-01T00%3A00%3A00.000Z',
    );
    expect(buildUrl('/api/auth/me')).toBe('/api/auth/me');
  });
});

describe('request: answers that change what the app shows', () => {
  const answer = (status: number, code: string) => async () => jsonResponse(status, { error: { code, message: 'x', messageEn: 'x', details: [] } });

  it('403 password_change_required calls the password-change handler (and nothing else); other 403s do not', async () => {
    const seen: string[] = [];
    setPasswordChangeHandler(() => seen.push('password'));
    setUnauthorizedHandler(() => seen.push('login'));
    const realFetch = globalThis.fetch;
    try {
      globalThis.fetch = answer(403, 'password_change_required') as typeof fetch;
      await expect(request('/api/residents')).rejects.toMatchObject({ status: 403, code: 'password_change_required' });
      expect(seen).toEqual(['password']);
      globalThis.fetch = answer(403, 'forbidden') as typeof fetch;
      await expect(request('/api/residents')).rejects.toMatchObject({ code: 'forbidden' });
      expect(seen).toEqual(['password']);
      globalThis.fetch = answer(401, 'unauthenticated') as typeof fetch;
      await expect(request('/api/residents')).rejects.toMatchObject({ status: 401 });
      expect(seen).toEqual(['password', 'login']);
    } finally {
      globalThis.fetch = realFetch;
      setPasswordChangeHandler(null);
      setUnauthorizedHandler(null);
    }
  });
});

describe('request: 401 step_up_required (many residents opened in a short time, ADR 0034)', () => {
  const stepUpAnswer = () =>
    jsonResponse(401, { error: { code: 'step_up_required', message: '您在 60 分钟内已查看 31 位居民的档案', messageEn: "You have opened 31 residents' records within 60 minutes", details: [] } });

  it('asks for the password with the server message, then resends the request once; no login redirect', async () => {
    const seen: string[] = [];
    const calls: string[] = [];
    setUnauthorizedHandler(() => seen.push('login'));
    setStepUpHandler(async (need) => {
      seen.push(`step-up:${need.messageZh}|${need.messageEn}`);
      return true;
    });
    const realFetch = globalThis.fetch;
    try {
      let n = 0;
      globalThis.fetch = (async (url: string) => {
        calls.push(url);
        return n++ === 0 ? stepUpAnswer() : jsonResponse(200, { id: 'r1' });
      }) as typeof fetch;
      await expect(request('/api/residents/r1')).resolves.toEqual({ id: 'r1' });
      expect(calls).toEqual(['/api/residents/r1', '/api/residents/r1']);
      expect(seen).toEqual(["step-up:您在 60 分钟内已查看 31 位居民的档案|You have opened 31 residents' records within 60 minutes"]);
    } finally {
      globalThis.fetch = realFetch;
      setStepUpHandler(null);
      setUnauthorizedHandler(null);
    }
  });

  it('cancelled, or refused again after the retry: the error is thrown, asked once, and the user is not sent to the login page', async () => {
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('login'));
    let answer = false;
    setStepUpHandler(async () => {
      seen.push('step-up');
      return answer;
    });
    const realFetch = globalThis.fetch;
    try {
      globalThis.fetch = (async () => stepUpAnswer()) as typeof fetch;
      await expect(request('/api/residents/r1')).rejects.toMatchObject({ status: 401, code: 'step_up_required' });
      expect(seen).toEqual(['step-up']);
      answer = true;
      await expect(request('/api/residents/r1')).rejects.toMatchObject({ code: 'step_up_required' });
      expect(seen).toEqual(['step-up', 'step-up']);
    } finally {
      globalThis.fetch = realFetch;
      setStepUpHandler(null);
      setUnauthorizedHandler(null);
    }
  });
});

describe('request: 401 on a signed-in page (session gone; sign in again in place, ADR 0066)', () => {
  const gone = () => jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录', messageEn: 'Please log in' } });

  it('waits for the sign-in dialog, then sends the write once more with the new session’s CSRF token; no trip to the login page', async () => {
    const seen: string[] = [];
    const sent: Array<{ url: string; csrf: string | null; body: unknown }> = [];
    setUnauthorizedHandler(() => seen.push('login'));
    setCsrfToken('old-token');
    setSessionLostHandler(async () => {
      seen.push('sign-in');
      setCsrfToken('new-token'); // what storing the new session does
      return true;
    });
    const realFetch = globalThis.fetch;
    try {
      let n = 0;
      globalThis.fetch = (async (url: string, init: RequestInit) => {
        sent.push({ url, csrf: new Headers(init.headers).get('x-csrf-token'), body: init.body });
        return n++ === 0 ? gone() : jsonResponse(200, { version: 3 });
      }) as typeof fetch;
      await expect(request('/api/residents/r1/update', { method: 'POST', body: { version: 2, relation: 'spouse' } })).resolves.toEqual({ version: 3 });
      expect(sent.map((c) => c.csrf)).toEqual(['old-token', 'new-token']);
      expect(sent[1]).toEqual({ url: '/api/residents/r1/update', csrf: 'new-token', body: JSON.stringify({ version: 2, relation: 'spouse' }) });
      expect(seen).toEqual(['sign-in']);
    } finally {
      globalThis.fetch = realFetch;
      setSessionLostHandler(null);
      setUnauthorizedHandler(null);
      setCsrfToken(null);
    }
  });

  it('another account chosen, or 401 again after signing in: the error is thrown, asked once per request; without the handler the old login trip runs', async () => {
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('login'));
    let answer = false;
    setSessionLostHandler(async () => {
      seen.push('sign-in');
      return answer;
    });
    const realFetch = globalThis.fetch;
    try {
      globalThis.fetch = (async () => gone()) as typeof fetch;
      await expect(request('/api/residents')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
      expect(seen).toEqual(['sign-in']);
      answer = true;
      await expect(request('/api/residents')).rejects.toMatchObject({ status: 401 });
      expect(seen).toEqual(['sign-in', 'sign-in']);
      // A wrong password is no lost session; requests that opt out (login, the session probe) ask nothing.
      globalThis.fetch = (async () => jsonResponse(401, { error: { code: 'invalid_credentials', message: '密码错误', messageEn: 'Wrong password' } })) as typeof fetch;
      await expect(request('/api/auth/password', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'invalid_credentials' });
      globalThis.fetch = (async () => gone()) as typeof fetch;
      await expect(request('/api/auth/logout', { method: 'POST', noAuthRedirect: true })).rejects.toMatchObject({ status: 401 });
      expect(seen).toEqual(['sign-in', 'sign-in']);
      setSessionLostHandler(null);
      await expect(request('/api/residents')).rejects.toMatchObject({ status: 401 });
      expect(seen).toEqual(['sign-in', 'sign-in', 'login']);
    } finally {
      globalThis.fetch = realFetch;
      setSessionLostHandler(null);
      setUnauthorizedHandler(null);
    }
  });
});

describe('request: okStatuses (a 422 that is a result, e.g. a rejected import)', () => {
  it('returns the body of an okStatus answer, but throws the error envelope of the same status (422 missing_headers)', async () => {
    const realFetch = globalThis.fetch;
    try {
      globalThis.fetch = (async () => jsonResponse(422, { status: 'rejected', errorCount: 2, errors: [] })) as typeof fetch;
      await expect(request('/api/registry/imports', { method: 'POST', okStatuses: [422] })).resolves.toMatchObject({ status: 'rejected', errorCount: 2 });
      globalThis.fetch = (async () => jsonResponse(422, {
        error: { code: 'missing_headers', message: '缺少必填列：姓名', messageEn: 'Missing required columns: name', details: [{ path: '姓名', code: 'required', message: '缺少列「姓名」', messageEn: 'Column "name" is missing' }] },
        requestId: 'req-9',
      })) as typeof fetch;
      await expect(request('/api/registry/imports', { method: 'POST', okStatuses: [422] })).rejects.toMatchObject({
        status: 422, code: 'missing_headers', messageZh: '缺少必填列：姓名', requestId: 'req-9', details: [{ path: '姓名', code: 'required' }],
      });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
