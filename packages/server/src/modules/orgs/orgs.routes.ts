import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dropInvisible, normalizeTypedCode } from '@renxing/shared';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { OrgAdmin } from './orgs.admin';

const Id = z.string().min(1).max(64);
/**
 * Area names: trimmed, 1–64 characters (as the orgs import). A community's name begins every household address below
 * it (rewritten on a rename), so it follows the place names' rules (places.routes.ts) — invisible format characters
 * dropped, spaces collapsed, no control characters, no emoji: each refusal a 400 naming body.name — but is kept as
 * officially written (no NFKC: “（筹）” keeps its full-width brackets).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const Name = z.string().min(1).max(64).transform((s) => dropInvisible(s).replace(/\s+/g, ' ').trim()).pipe(z.string().min(1).max(64)
  .refine((s) => !CONTROL.test(s), { message: '名称含有不可见的控制字符|the name contains control characters', params: { code: 'control_characters' } })
  .refine((s) => !/\p{Extended_Pictographic}/u.test(s), { message: '名称不应包含表情符号|the name must not contain emoji', params: { code: 'emoji' } }));
/**
 * Checked by the service (digits, the level's length, extends the parent's code), naming `code`. Full-width digits
 * ("３３０９０２", typed with a Chinese input method) are folded and invisible characters dropped first (normalizeTypedCode).
 */
const Code = z.string().transform(normalizeTypedCode).pipe(z.string().min(1).max(20));

/**
 * Managing the administrative hierarchy (ADR 0022). 行政区划: streets and communities below the caller's org
 * (org:manage: district staff, system admin). 地点管理: the grids of a community (place:write: the community admin).
 * Out of scope or unknown = 404, audited as denied; deletes only when nothing refers to the org (409 not_empty).
 */
export function registerOrgRoutes(app: FastifyInstance, deps: { orgAdmin: OrgAdmin }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = deps.orgAdmin;

  r.get('/api/orgs', {
    config: { access: 'org:manage' },
    schema: { tags: ['orgs'], summary: "The caller's area down to its communities (grids counted), each marked manageable or not" },
  }, async (req) => admin.tree(principalOf(req)));

  r.get('/api/orgs/levels', {
    config: { access: 'org:read' },
    schema: {
      tags: ['orgs'],
      summary: 'One level of the caller’s area for an area picker: the caller’s org and its direct children, or (parentId) the direct children of an org in the area; each says whether it has children',
      querystring: z.strictObject({ parentId: Id.optional() }),
    },
  }, async (req) => admin.level(principalOf(req), actorOf(req), req.query.parentId));

  r.post('/api/orgs', {
    config: { access: 'org:manage' },
    schema: {
      tags: ['orgs'], summary: 'Add a street under a district or a community under a street; the code extends the parent code by 3 digits and is unique',
      body: z.strictObject({ parentId: Id, code: Code, name: Name }),
    },
  }, async (req, reply) => reply.status(201).send(await admin.createArea(principalOf(req), actorOf(req), req.body)));

  r.post('/api/orgs/:id/update', {
    config: { access: 'org:manage' },
    schema: {
      tags: ['orgs'], summary: 'Rename a street or community (the code and scope path never change; household addresses follow a community rename)',
      params: z.strictObject({ id: Id }), body: z.strictObject({ name: Name }),
    },
  }, async (req) => admin.renameArea(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/orgs/:id/delete', {
    config: { access: 'org:manage' },
    schema: { tags: ['orgs'], summary: 'Delete a street or community nothing refers to; 409 not_empty says what remains', params: z.strictObject({ id: Id }) },
  }, async (req) => admin.deleteArea(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/places/grids', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: "Add a grid to a community; its code is the community's next free one (community code + 2 digits)",
      body: z.strictObject({ communityId: Id, name: Name }),
    },
  }, async (req, reply) => reply.status(201).send(await admin.createGrid(principalOf(req), actorOf(req), req.body)));

  r.post('/api/places/grids/:id/update', {
    config: { access: 'place:write' },
    schema: { tags: ['places'], summary: 'Rename a grid (its code stays); the name is unique in the community', params: z.strictObject({ id: Id }), body: z.strictObject({ name: Name }) },
  }, async (req) => admin.renameGrid(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/places/grids/:id/delete', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Delete an empty grid (no buildings, households, residents, accounts or history); 409 not_empty says what remains',
      params: z.strictObject({ id: Id }),
    },
  }, async (req) => admin.deleteGrid(principalOf(req), actorOf(req), req.params.id));
}
