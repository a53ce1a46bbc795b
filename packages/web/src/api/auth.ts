import { request } from './client';
import type { Session } from './types';

export function login(username: string, password: string): Promise<Session> {
  return request<Session>('/api/auth/login', { method: 'POST', body: { username, password }, noAuthRedirect: true });
}

/** The session, or null when not signed in: the server answers 200 either way (no failed request in the console). */
export async function fetchSession(): Promise<Session | null> {
  const s = await request<{ user: Session['user'] | null; csrfToken: string | null }>('/api/auth/session', { noAuthRedirect: true });
  return s.user ? { user: s.user, csrfToken: s.csrfToken } : null;
}

export function logout(): Promise<void> {
  return request<void>('/api/auth/logout', { method: 'POST', noAuthRedirect: true });
}

export function mfaSetup(): Promise<{ secret: string; otpauthUri: string }> {
  return request('/api/auth/mfa/setup', { method: 'POST' });
}

export function mfaEnable(code: string): Promise<{ enrolled: boolean; verified: boolean }> {
  return request('/api/auth/mfa/enable', { method: 'POST', body: { code } });
}

export function mfaVerify(code: string): Promise<{ enrolled: boolean; verified: boolean }> {
  return request('/api/auth/mfa/verify', { method: 'POST', body: { code } });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request<void>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
}

/** Re-enter the password in this session (asked after opening many residents' records in a short time; ADR 0034). */
export function stepUp(password: string): Promise<{ steppedUpAt: string; validUntil: string }> {
  return request('/api/auth/step-up', { method: 'POST', body: { password } });
}
