import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dropInvisible } from '@renxing/shared';
import { z } from 'zod';
import { staffReason } from './registry.free-text';
import { actorOf, principalOf } from '../../http/auth-context';
import { HOUSEHOLD_TYPES, type PlacesService } from './places.service';

const Id = z.string().min(1).max(64);
/** Place names and room numbers: trimmed, 1–64 characters. */
// A place name becomes part of every household address below it (and is matched by imports): no invisible control
// characters or emoji; full-width letters and digits are folded (NFKC) so that "１幢" and "1幢" are one building.
// Invisible format characters pasted with a name (zero-width space, BOM, soft hyphen: Unicode Cf) are dropped, so that
// "金岸名苑" with a zero-width space is not a second compound that looks the same.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const Name = z.string().min(1).max(64).transform((s) => dropInvisible(s).normalize('NFKC').replace(/\s+/g, ' ').trim()).pipe(z.string().min(1).max(64)
  .refine((s) => !CONTROL.test(s), { message: '名称含有不可见的控制字符|the name contains control characters', params: { code: 'control_characters' } })
  .refine((s) => !/\p{Extended_Pictographic}/u.test(s), { message: '名称不应包含表情符号|the name must not contain emoji', params: { code: 'emoji' } }));
const Flags = { noPropertyManagement: z.boolean().optional(), noCompetentAuthority: z.boolean().optional(), notEnclosed: z.boolean().optional() };

/**
 * Places management (ADR 0014): grids with their grid workers, compounds (小区) with the "three-no" flags, buildings
 * (楼栋) in a grid with a building lead, units and rooms. Reads need place:read, writes place:write; every object is
 * checked against the caller's org path (out of scope = 404). Writes are command endpoints, like the residents'.
 */
export function registerPlacesRoutes(app: FastifyInstance, deps: { places: PlacesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const places = deps.places;

  r.get('/api/places/grids', {
    config: { access: 'place:read' },
    schema: {
      tags: ['places'], summary: 'The grids of a community, each with its grid workers and compound, building and resident counts',
      querystring: z.strictObject({ communityId: Id }),
    },
  }, async (req) => places.grids(principalOf(req), actorOf(req), req.query.communityId));

  r.get('/api/places/compounds', {
    config: { access: 'place:read' },
    schema: {
      tags: ['places'], summary: 'The compounds of a community with their "three-no" flags and buildings (grid, lead, counts)',
      querystring: z.strictObject({ communityId: Id }),
    },
  }, async (req) => places.compounds(principalOf(req), actorOf(req), req.query.communityId));

  r.post('/api/places/compounds', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Add a compound (小区) to a community; the name is unique in the community (409 otherwise)',
      body: z.strictObject({ communityId: Id, name: Name, ...Flags }),
    },
  }, async (req, reply) => reply.status(201).send(await places.createCompound(principalOf(req), actorOf(req), req.body)));

  r.post('/api/places/compounds/:id/update', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Rename a compound (household addresses follow) or set its flags; only the fields sent change',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ name: Name.optional(), ...Flags }),
    },
  }, async (req) => places.updateCompound(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/places/buildings', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Add a building (楼栋) to a compound, in a grid of the compound’s community',
      body: z.strictObject({ compoundId: Id, gridId: Id, name: Name }),
    },
  }, async (req, reply) => reply.status(201).send(await places.createBuilding(principalOf(req), actorOf(req), req.body)));

  r.get('/api/places/buildings/:id/units', {
    config: { access: 'place:read' },
    schema: { tags: ['places'], summary: 'The units of a building with their rooms (households) and member counts', params: z.strictObject({ id: Id }) },
  }, async (req) => places.buildingUnits(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/places/buildings/:id/update', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Rename a building (household addresses follow) or set / clear (null) its building lead (楼栋长)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ name: Name.optional(), leadUserId: Id.nullable().optional() }),
    },
  }, async (req) => places.updateBuilding(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/places/buildings/:id/move', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Move a building to another grid of its community: its households and residents follow (history kept, reason required)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ gridId: Id, reason: staffReason() }),
    },
  }, async (req) => places.moveBuilding(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/places/units', {
    config: { access: 'place:write' },
    schema: { tags: ['places'], summary: 'Add a unit (单元) to a building', body: z.strictObject({ buildingId: Id, name: Name }) },
  }, async (req, reply) => reply.status(201).send(await places.createUnit(principalOf(req), actorOf(req), req.body)));

  r.post('/api/places/households', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Add a room (household) to a unit',
      body: z.strictObject({ unitId: Id, room: Name, householdType: z.enum(HOUSEHOLD_TYPES).optional() }),
    },
  }, async (req, reply) => reply.status(201).send(await places.createHousehold(principalOf(req), actorOf(req), req.body)));

  r.post('/api/places/units/:id/update', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Rename a unit (单元); household addresses follow; the name is unique in the building (409 otherwise)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ name: Name }),
    },
  }, async (req) => places.updateUnit(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/places/households/:id/update', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Change a room number (version checked: 409 stale_version); the room is unique in the unit (409 otherwise)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ room: Name, version: z.number().int().min(1) }),
    },
  }, async (req) => places.updateRoom(principalOf(req), actorOf(req), req.params.id, req.body));

  // Deleting a place (ADR 0019): only an empty one; anything still inside or referring to it is a 409 `not_empty` naming it.
  for (const [path, summary, run] of [
    ['compounds', 'Delete an empty compound (no buildings)', places.deleteCompound],
    ['buildings', 'Delete an empty building (no units, households or residents)', places.deleteBuilding],
    ['units', 'Delete an empty unit (no rooms)', places.deleteUnit],
    ['households', 'Delete an empty room (no residents in any status, no move or self-report history)', places.deleteRoom],
  ] as const) {
    r.post(`/api/places/${path}/:id/delete`, {
      config: { access: 'place:write' },
      schema: { tags: ['places'], summary: `${summary}; 409 not_empty says what is still inside`, params: z.strictObject({ id: Id }) },
    }, async (req) => run(principalOf(req), actorOf(req), req.params.id));
  }

  r.get('/api/places/lead-candidates', {
    config: { access: 'place:write' },
    schema: {
      tags: ['places'], summary: 'Accounts that may lead a building of the community (active volunteers, grid workers, residents), by name prefix',
      querystring: z.strictObject({ communityId: Id, q: z.string().trim().max(40).optional() }),
    },
  }, async (req) => places.leadCandidates(principalOf(req), actorOf(req), req.query.communityId, req.query.q));
}
