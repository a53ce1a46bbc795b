import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText } from '../registry';
import { CASE_STATUSES, CLASSIFICATIONS, CONTACT_KINDS, SETTINGS, type Cases } from './cases.service';

const id = z.string().min(1).max(64);
const day = z.iso.date();
const free = (max: number, what: string, whatEn: string) => freeText(0, max, what, whatEn);
const name = z.string().trim().min(1).max(30);

export function registerCasesRoutes(app: FastifyInstance, deps: { cases: Cases }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const c = deps.cases;

  r.get('/api/cases/meta', {
    config: { access: 'case:read' },
    schema: { tags: ['cases'], summary: 'Classifications, statuses, contact kinds and exposure settings with their names' },
  }, async () => c.meta());

  r.get('/api/cases', {
    config: { access: 'case:read' },
    schema: {
      tags: ['cases'], summary: 'Cases in the caller’s area with their contacts’ figures (masked; audited)',
      querystring: z.strictObject({ status: z.enum(CASE_STATUSES).optional(), classification: z.enum(CLASSIFICATIONS).optional(), q: z.string().trim().min(1).max(20).optional() }),
    },
  }, async (req) => c.list(principalOf(req), actorOf(req), req.query));

  r.get('/api/cases/graph', {
    config: { access: 'case:read' },
    schema: { tags: ['cases'], summary: 'The transmission chain: cases as nodes, source → case as edges (masked names)' },
  }, async (req) => c.graph(principalOf(req), actorOf(req)));

  r.post('/api/cases', {
    config: { access: 'case:manage' },
    schema: {
      tags: ['cases'], summary: 'Register a case: a resident of the area, or a person by name with an ID number or mobile',
      body: z.strictObject({
        classification: z.enum(CLASSIFICATIONS), reportedOn: day, onsetOn: day.optional(), residentId: id.optional(), name: name.optional(),
        idNumber: z.string().trim().min(15).max(20).optional(), phone: z.string().trim().min(11).max(20).optional(), exposureNote: free(200, '感染经过', 'exposure note').optional(),
        sourceCaseId: id.optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await c.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/cases/:id', {
    config: { access: 'case:read' },
    schema: { tags: ['cases'], summary: 'A case with its contacts and the follow-up checks (masked; audited)', params: z.strictObject({ id }) },
  }, async (req) => c.detail(principalOf(req), actorOf(req), req.params.id));

  r.put('/api/cases/:id', {
    config: { access: 'case:manage' },
    schema: {
      tags: ['cases'], summary: 'Change a case’s status, classification, source case or note (version checked)', params: z.strictObject({ id }),
      body: z.strictObject({
        status: z.enum(CASE_STATUSES).optional(), classification: z.enum(CLASSIFICATIONS).optional(), sourceCaseId: id.nullable().optional(),
        exposureNote: free(200, '感染经过', 'exposure note').optional(), version: z.number().int().min(1),
      }),
    },
  }, async (req) => c.update(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/cases/:id/contacts', {
    config: { access: 'case:manage' },
    schema: {
      tags: ['cases'], summary: 'Add a contact of the case with the exposure (an ID number, a mobile or an address)', params: z.strictObject({ id }),
      body: z.strictObject({
        kind: z.enum(CONTACT_KINDS), name, idNumber: z.string().trim().min(15).max(20).optional(), phone: z.string().trim().min(11).max(20).optional(),
        address: free(200, '地址', 'address').optional(), exposureOn: day, setting: z.enum(SETTINGS), note: free(200, '备注', 'note').optional(), viaContactId: id.optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await c.addContact(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/cases/:id/contacts/:contactId/to-case', {
    config: { access: 'case:manage' },
    schema: {
      tags: ['cases'], summary: 'A contact became a case: registers it with this case as its source', params: z.strictObject({ id, contactId: id }),
      body: z.strictObject({ classification: z.enum(CLASSIFICATIONS), reportedOn: day, onsetOn: day.optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await c.toCase(principalOf(req), actorOf(req), req.params.id, req.params.contactId, req.body)));

  r.post('/api/cases/:id/follow-up', {
    config: { access: 'case:manage' },
    schema: {
      tags: ['cases'], summary: 'Send the contacts of a kind not sent yet as a screening list (ADR 0083) for door-to-door checks', params: z.strictObject({ id }),
      body: z.strictObject({ kind: z.enum(CONTACT_KINDS), dueAt: z.coerce.date() }),
    },
  }, async (req, reply) => reply.code(201).send(await c.followUp(principalOf(req), actorOf(req), req.params.id, req.body)));
}
