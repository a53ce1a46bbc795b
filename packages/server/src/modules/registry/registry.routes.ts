import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { CARE_TAGS, cleanName, RELATIONS, RESIDENCE_TYPES } from './residents.codec';
import { RESIDENT_STATUSES, resolvePurpose, type RegistryService } from './registry.service';
import { CONSENT_GIVERS, STAFF_CONSENT_METHODS } from './registry.consent';
import { staffReason } from './registry.free-text';

const Id = z.string().min(1).max(64);
const purposeOf = (req: FastifyRequest) => resolvePurpose(principalOf(req), req.headers['x-purpose'] as string | undefined);
const Page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) };
/**
 * A worker's statement of the resident's separate consent to care services (ADR 0033): how it was given, and a note; for
 * a child under 14 who gave it — the guardian (default: the child's guardian link, ADR 0039).
 */
const Attestation = z.strictObject({
  method: z.enum(STAFF_CONSENT_METHODS), note: z.string().max(200).nullish(), givenBy: z.enum(CONSENT_GIVERS).optional(), guardianId: Id.nullish(),
});
/** A worker's record of a withdrawal: how, and a note. */
const Withdrawal = z.strictObject({ method: z.enum(STAFF_CONSENT_METHODS), note: z.string().max(200).nullish() });

/** Registry HTTP API. Lookups by ID/phone are POST bodies, never URLs; writes are command endpoints. */
export function registerRegistryRoutes(app: FastifyInstance, deps: { registry: RegistryService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reg = deps.registry;

  r.get('/api/residents', {
    config: { access: 'resident:read' },
    schema: {
      tags: ['registry'], summary: 'Residents in scope (masked). Filters narrow the scope, never widen it.',
      querystring: z.strictObject({ gridId: Id.optional(), householdId: Id.optional(), tag: z.enum(CARE_TAGS).optional(), residenceType: z.enum(RESIDENCE_TYPES).optional(), ...Page }),
    },
  }, async (req) => reg.listResidents(principalOf(req), actorOf(req), req.query, purposeOf(req)));

  r.post('/api/residents/search', {
    config: { access: 'resident:search' },
    schema: {
      tags: ['registry'], summary: 'Search by name, pinyin / initials, ID or phone tail (4 chars), address',
      body: z.strictObject({
        q: z.string().trim().min(1).max(40), gridId: Id.optional(), tag: z.enum(CARE_TAGS).optional(), residenceType: z.enum(RESIDENCE_TYPES).optional(),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => {
    const p = principalOf(req);
    return reg.searchResidents(p, actorOf(req), req.body, purposeOf(req), !p.permissions.has('resident:read'));
  });

  r.post('/api/residents/lookup', {
    config: { access: 'resident:search' },
    schema: { tags: ['registry'], summary: 'Exact lookup by full ID number (blind index)', body: z.strictObject({ idNumber: z.string().min(15).max(20) }) },
  }, async (req) => {
    const p = principalOf(req);
    return reg.lookupByIdNumber(p, actorOf(req), req.body.idNumber, purposeOf(req), !p.permissions.has('resident:read'));
  });

  r.get('/api/residents/:id', {
    config: { access: 'resident:read' },
    schema: { tags: ['registry'], summary: 'Resident profile (ID and phone masked)', params: z.strictObject({ id: Id }) },
  }, async (req) => reg.getResident(principalOf(req), actorOf(req), req.params.id, purposeOf(req)));

  r.get('/api/residents/:id/history', {
    config: { access: 'resident:read' },
    schema: {
      tags: ['registry'], summary: 'Change history of a resident record: who changed which fields, when and why (never values; audited)',
      params: z.strictObject({ id: Id }),
      querystring: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(10) }),
    },
  }, async (req) => reg.history(principalOf(req), actorOf(req), req.params.id, req.query, purposeOf(req)));

  r.post('/api/residents/:id/reveal', {
    config: { access: 'resident:reveal' },
    schema: {
      tags: ['registry'], summary: 'Reveal one protected field (needs a reason; audited)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ field: z.enum(['idNumber', 'phone']), reason: staffReason() }),
    },
  }, async (req) => reg.reveal(principalOf(req), actorOf(req), req.params.id, req.body.field, req.body.reason, purposeOf(req)));

  r.post('/api/residents/:id/break-glass', {
    config: { access: 'resident:read' },
    schema: {
      tags: ['registry'], summary: 'Break the glass: open a restricted record for a limited time (reason required; audited at high severity; the community admin is notified)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ reason: staffReason() }),
    },
  }, async (req) => reg.breakGlass(principalOf(req), actorOf(req), req.params.id, req.body.reason, purposeOf(req)));

  r.post('/api/residents/:id/restriction', {
    config: { access: 'resident:restrict', mfa: true },
    schema: {
      tags: ['registry'], summary: 'Mark a record restricted, or lift it (reason required; optimistic concurrency)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ restricted: z.boolean(), reason: staffReason(), version: z.number().int().min(1) }),
    },
  }, async (req) => reg.setRestricted(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/residents', {
    config: { access: 'resident:write', idempotency: 'optional' },
    schema: {
      tags: ['registry'], summary: 'Register a resident in a household',
      body: z.strictObject({
        householdId: Id, name: z.string().trim().min(1).max(40), idNumber: z.string().min(15).max(32), phone: z.string().max(20).nullable().optional(),
        relation: z.enum(RELATIONS), residenceType: z.enum(RESIDENCE_TYPES), tags: z.array(z.enum(CARE_TAGS)).max(8).optional(), guardianId: Id.nullable().optional(),
        externalRef: z.string().max(64).nullable().optional(), sex: z.enum(['M', 'F']).nullable().optional(), birthDate: z.iso.date().nullable().optional(),
        consent: Attestation.optional(),
      }),
    },
  }, async (req, reply) => reply.status(201).send(await reg.createResident(principalOf(req), actorOf(req), { ...req.body, name: cleanName(req.body.name, 'body.name') })));

  r.post('/api/residents/:id/update', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'], summary: 'Update descriptive fields (optimistic concurrency: stale version → 409)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({
        version: z.number().int().min(1), phone: z.string().max(20).nullable().optional(), relation: z.enum(RELATIONS).optional(),
        residenceType: z.enum(RESIDENCE_TYPES).optional(), tags: z.array(z.enum(CARE_TAGS)).max(8).optional(), guardianId: Id.nullable().optional(),
        externalRef: z.string().max(64).nullable().optional(), consent: Attestation.optional(),
      }),
    },
  }, async (req) => reg.updateResident(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/residents/:id/consent', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'],
      summary: "Record the resident's separate consent to care services (written form or witnessed oral consent) under the current notice version; 409 when one is valid (ADR 0033). For a child under 14 it is the guardian's consent: given_by guardian, the guardian link by default; 422 guardian_consent_required without one (ADR 0039)",
      params: z.strictObject({ id: Id }), body: Attestation,
    },
  }, async (req, reply) => reply.status(201).send(await reg.recordConsent(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/residents/:id/consent/withdraw', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'],
      summary: 'Record that the resident withdrew their consent to care services: the consent-based care tags are removed at once (ADR 0033)',
      params: z.strictObject({ id: Id }), body: Withdrawal,
    },
  }, async (req) => reg.withdrawConsent(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/residents/:id/move', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'], summary: 'Move a resident to another household (history kept)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ version: z.number().int().min(1), toHouseholdId: Id, reason: staffReason() }),
    },
  }, async (req) => reg.moveResident(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/residents/:id/status', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'],
      summary: 'Record a move out of the area or a death, or a return (history kept; an inactive resident leaves lists, search and counts)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({
        version: z.number().int().min(1), status: z.enum(RESIDENT_STATUSES), effectiveDate: z.iso.date(), reason: staffReason(),
      }),
    },
  }, async (req) => reg.changeStatus(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/households/:id', {
    config: { access: 'resident:read' },
    schema: { tags: ['registry'], summary: 'Household with members (masked)', params: z.strictObject({ id: Id }) },
  }, async (req) => reg.getHousehold(principalOf(req), actorOf(req), req.params.id, purposeOf(req)));

  r.post('/api/households/:id/head', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'], summary: 'Make an active adult member the head of the household (optimistic concurrency on the household version)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ version: z.number().int().min(1), residentId: Id }),
    },
  }, async (req) => reg.setHouseholdHead(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/households/:id/relocate', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'],
      summary: 'Move every active member of the household to another household in one step (整户迁移; history kept; optimistic concurrency on the household version)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ version: z.number().int().min(1), toHouseholdId: Id, reason: staffReason() }),
    },
  }, async (req) => reg.relocateHousehold(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/places/tree', {
    config: { access: 'place:read' },
    schema: {
      tags: ['registry'], summary: 'Place tree children: community → grid → compound → building → unit → household',
      querystring: z.strictObject({ kind: z.enum(['root', 'community', 'grid', 'compound', 'building', 'unit']).default('root'), id: z.string().max(140).optional() }),
    },
  }, async (req) => ({ items: await reg.tree(principalOf(req), req.query) }));
}
