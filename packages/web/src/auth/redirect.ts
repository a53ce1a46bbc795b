// Where to send the user around login. Pure functions (unit-tested).

/** Only a same-site path may be a post-login target (no //host or scheme tricks). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

export function loginPath(next: string, expired = false): string {
  const params = new URLSearchParams();
  if (next && next !== '/') params.set('next', next);
  if (expired) params.set('expired', '1');
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}
