import type { ErrorDetail, ErrorEnvelope } from './types';

// One fetch wrapper for the whole app: same-origin cookies, JSON, CSRF header on non-GET requests,
// Accept-Language, and the server's error envelope turned into a typed ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** Seconds to wait before retrying (from a Retry-After header), if the server sent one. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    messageZh?: string;
    messageEn?: string;
    details?: ErrorDetail[];
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.messageEn || init.messageZh || init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.messageZh = init.messageZh ?? '';
    this.messageEn = init.messageEn ?? '';
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The server's message in the UI language ('' when the server sent none). */
  localized(lang: string): string {
    return lang.startsWith('zh') ? this.messageZh || this.messageEn : this.messageEn || this.messageZh;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;
let languageProvider: () => string = () => 'zh-CN';
let unauthorizedHandler: (() => void) | null = null;
let mfaHandler: ((need: MfaNeed) => Promise<boolean>) | null = null;

/** What a privileged action needs before it can run: set up an authenticator first, or just enter a code. */
export type MfaNeed = 'enroll' | 'verify';

/**
 * Called when a request answers 401 mfa_required (a privileged action in a session that has not passed the second
 * factor). The app shows the code dialog; when it resolves true the request is sent once more.
 */
export function setMfaHandler(handler: ((need: MfaNeed) => Promise<boolean>) | null): void {
  mfaHandler = handler;
}

let stepUpHandler: ((need: StepUpNeed) => Promise<boolean>) | null = null;

/** Why the user is asked to re-enter the password: the server's message (zh-CN and English) says how many records in how long. */
export type StepUpNeed = { messageZh: string; messageEn: string };

/**
 * Called when a request answers 401 step_up_required: the user opened more residents' records in a short time than the
 * browsing threshold allows (ADR 0034). The app asks for the password (POST /api/auth/step-up); when that resolves
 * true the request is sent once more.
 */
export function setStepUpHandler(handler: ((need: StepUpNeed) => Promise<boolean>) | null): void {
  stepUpHandler = handler;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setLanguageProvider(provider: () => string): void {
  languageProvider = provider;
}

let passwordChangeHandler: (() => void) | null = null;

/**
 * Called when a request answers 403 password_change_required: the session runs on a one-time password (ADR 0017) —
 * e.g. a security admin reset it while this tab was open. The app reloads the session and shows the change-password page.
 */
export function setPasswordChangeHandler(handler: (() => void) | null): void {
  passwordChangeHandler = handler;
}

/** Called when an authenticated request answers 401 (session gone): the app sends the user to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

let sessionLostHandler: (() => Promise<boolean>) | null = null;

/**
 * Set while a signed-in page is open (ADR 0066): a request that finds the session gone (401) waits for it instead of
 * the unauthorized handler's trip to the login page. The page stays, with a sign-in dialog over it; when the handler
 * resolves true (the same user signed in again) the request is sent once more, with the new session's CSRF token.
 */
export function setSessionLostHandler(handler: (() => Promise<boolean>) | null): void {
  sessionLostHandler = handler;
}

/** Parses a Retry-After header (delta-seconds or HTTP date) into whole seconds, or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  if (isEnvelope(body)) {
    const details = Array.isArray(body.error.details)
      ? body.error.details.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null && typeof d.code === 'string')
      : [];
    return new ApiError({
      status: res.status,
      code: body.error.code,
      messageZh: body.error.message,
      messageEn: body.error.messageEn,
      details,
      requestId: body.requestId ?? res.headers.get('x-request-id'),
      retryAfter,
    });
  }
  return new ApiError({ status: res.status, code: `http_${res.status}`, requestId: res.headers.get('x-request-id'), retryAfter });
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Do not run the 401 → login redirect (login, session probe). */
  noAuthRedirect?: boolean;
  /** Extra request headers (e.g. X-Purpose for reads of personal data). */
  headers?: Record<string, string>;
  /** Non-2xx statuses whose body is a result, not an error envelope (e.g. 422 of a rejected import). */
  okStatuses?: number[];
  /** Internal: this is the retry after the second-factor dialog (no second dialog). */
  afterMfa?: boolean;
  /** Internal: this is the retry after the password step-up dialog (no second dialog). */
  afterStepUp?: boolean;
  /** Internal: this is the retry after signing in again (no second dialog). */
  afterSignIn?: boolean;
  /** The answer is a file (e.g. the audit pack's XLSX): resolve with its Blob instead of parsed JSON. */
  blob?: boolean;
};

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': languageProvider(),
  };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  Object.assign(headers, options.headers);
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart Content-Type with its boundary
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network_error' });
  }

  if (!res.ok && !options.okStatuses?.includes(res.status)) {
    const error = await toApiError(res);
    if (res.status === 401 && error.code === 'mfa_required') {
      // The session is fine; this action needs the second factor. Ask for it and send the request again once.
      const need: MfaNeed = error.details[0]?.code === 'enroll' ? 'enroll' : 'verify';
      if (mfaHandler && !options.afterMfa && !(body instanceof FormData) && (await mfaHandler(need))) {
        return request<T>(path, { ...options, afterMfa: true });
      }
      throw error;
    }
    if (res.status === 401 && error.code === 'step_up_required') {
      // The session is fine; the user must confirm the password before opening more records. Ask, then resend once.
      if (stepUpHandler && !options.afterStepUp && !(body instanceof FormData)
        && (await stepUpHandler({ messageZh: error.messageZh, messageEn: error.messageEn }))) {
        return request<T>(path, { ...options, afterStepUp: true });
      }
      throw error;
    }
    if (res.status === 403 && error.code === 'password_change_required') passwordChangeHandler?.();
    // 401 with invalid_credentials is a wrong password (login, change password), not a lost session.
    if (res.status === 401 && !options.noAuthRedirect && error.code !== 'invalid_credentials') {
      // The session is gone. On a signed-in page: sign in again over it, then send this request once more.
      if (sessionLostHandler) {
        if (!options.afterSignIn && (await sessionLostHandler())) return request<T>(path, { ...options, afterSignIn: true });
      } else {
        unauthorizedHandler?.();
      }
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  if (options.blob) return (await res.blob()) as T;
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  // A status listed in okStatuses (e.g. 422 of a rejected import) may still carry an error envelope (e.g. 422
  // missing_headers: the file has no usable header row) — that is an error, not a result the page can render.
  if (!res.ok && isEnvelope(parsed)) throw await toApiError(new Response(text, { status: res.status, headers: res.headers }));
  return parsed as T;
}
