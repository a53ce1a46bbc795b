import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { AuditService } from '../audit';
import type { RegistryService } from '../registry';

/**
 * 我的信息 — the resident's own separate consent to care services (PIPL Art. 29, PRIV-07, ADR 0033): see it, give it
 * online (method `portal`, under the notice version they read) and withdraw it at any time (the care tags go at once).
 * Only staff set care tags; a resident's consent lets them do so without a paper form.
 */
export function registerMeConsentRoutes(app: FastifyInstance, deps: {
  audit: AuditService;
  registry: Pick<RegistryService, 'ownConsent' | 'consentNoticeVersion' | 'giveOwnConsent' | 'withdrawOwnConsent' | 'wardConsents' | 'giveWardConsent' | 'withdrawWardConsent'>;
  residentOfAccount: (userId: string) => Promise<string | null>;
}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const notLinked = () => new AppError(409, 'not_linked', '您的账号尚未关联居民信息，请联系社区', 'Your account is not linked to a resident record; contact the community');

  r.get('/api/me/consent', {
    config: { access: 'self:read' },
    schema: { tags: ['me'], summary: 'The caller’s consent to care services: valid or not, its history, the notice version to consent under', querystring: z.strictObject({}) },
  }, async (req) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    const status = residentId ? await deps.registry.ownConsent(residentId) : null;
    if (!residentId || !status) return { linked: false as const, noticeVersion: deps.registry.consentNoticeVersion() };
    // Their own record: audited like 我的信息 (hidden from their own access log, which shows others' accesses only).
    try {
      await deps.audit.record(actorOf(req), { action: 'read', objectType: 'resident', objectId: residentId, subjectId: residentId, reason: 'own_consent', fields: ['consent', 'tags'], outcome: 'success' });
    } catch {
      throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
    }
    return { linked: true as const, noticeVersion: deps.registry.consentNoticeVersion(), ...status };
  });

  r.post('/api/me/consent', {
    config: { access: 'self:consent' },
    schema: {
      tags: ['me'], summary: 'Give one’s own separate consent to care services online, under the notice version read (409 for another version)',
      body: z.strictObject({ noticeVersion: z.string().min(1).max(64) }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    if (!residentId) throw notLinked();
    return reply.status(201).send(await deps.registry.giveOwnConsent(p.id, actorOf(req), residentId, req.body.noticeVersion));
  });

  r.post('/api/me/consent/withdraw', {
    config: { access: 'self:consent' },
    schema: { tags: ['me'], summary: 'Withdraw one’s own consent to care services: the care tags are deleted at once (409 when none is valid)', body: z.strictObject({}) },
  }, async (req) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    if (!residentId) throw notLinked();
    return deps.registry.withdrawOwnConsent(p.id, actorOf(req), residentId);
  });

  // ---- a guardian for their children under 14 (PIPL Art. 31, ADR 0039) ------------------------------------------------
  // A child is the caller's while the child's guardian link names the caller's resident record; any other child is 404.

  r.get('/api/me/wards/consent', {
    config: { access: 'self:read' },
    schema: { tags: ['me'], summary: 'The caller’s children under 14 (guardian link): masked name, age, care tags and consent state; audited per child', querystring: z.strictObject({}) },
  }, async (req) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    if (!residentId) return { linked: false as const, noticeVersion: deps.registry.consentNoticeVersion(), items: [] };
    const items = await deps.registry.wardConsents(residentId);
    // Each child's care tags and consent are read by the guardian: audited on the child (it shows in the child's access log).
    try {
      for (const c of items) {
        await deps.audit.record(actorOf(req), { action: 'read', objectType: 'resident', objectId: c.id, subjectId: c.id, reason: 'guardian_consent', fields: ['nameMasked', 'consent', 'tags'], outcome: 'success' });
      }
    } catch {
      throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
    }
    return { linked: true as const, noticeVersion: deps.registry.consentNoticeVersion(), items };
  });

  // Record ids are UUIDs: a malformed one is named as params.id (400) with any problem of the body, not a 404 later.
  const Child = z.strictObject({ id: z.uuid() });
  r.post('/api/me/wards/:id/consent', {
    config: { access: 'self:consent' },
    schema: {
      tags: ['me'], summary: 'A guardian gives the separate consent to care services for their child under 14 (given_by guardian, under the notice version read)',
      params: Child, body: z.strictObject({ noticeVersion: z.string().min(1).max(64) }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    if (!residentId) throw notLinked();
    return reply.status(201).send(await deps.registry.giveWardConsent(p.id, actorOf(req), residentId, req.params.id, req.body.noticeVersion));
  });

  r.post('/api/me/wards/:id/consent/withdraw', {
    config: { access: 'self:consent' },
    schema: { tags: ['me'], summary: 'A guardian withdraws the consent for their child under 14: the care tags are deleted at once', params: Child, body: z.strictObject({}) },
  }, async (req) => {
    const p = principalOf(req);
    const residentId = await deps.residentOfAccount(p.id);
    if (!residentId) throw notLinked();
    return deps.registry.withdrawWardConsent(p.id, actorOf(req), residentId, req.params.id);
  });
}
