import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The security headers of a response; `no-store` on every API response (they may carry personal data). */
export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply) {
  reply.header('content-security-policy', CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(self), geolocation=(), microphone=()');
  reply.header('x-request-id', req.id);
  reply.removeHeader('x-powered-by');
  const url = req.url;
  if (url.startsWith('/api/') || url === '/metrics' || url === '/healthz') reply.header('cache-control', 'no-store');
}

/** Security headers on every response (replies the router sends itself set them in `frameworkErrorReply`). */
export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    setSecurityHeaders(req, reply);
    return payload;
  });
}
