import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { APPLICATION_STATUSES, BANDS, ROSTER_STATUSES, SHIFT_KINDS, SKILLS, WEEKDAYS, type Volunteers } from './volunteers.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const day = z.iso.date();
const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM|a time as HH:MM');
/** Free text many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
const TAG = ['volunteers'];
const skills = z.array(z.enum(SKILLS)).min(1).max(SKILLS.length);
const availability = z.strictObject({ weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7), bands: z.array(z.enum(BANDS)).min(1).max(BANDS.length) });
const version = z.number().int().min(1);

export function registerVolunteersRoutes(app: FastifyInstance, deps: { volunteers: Volunteers }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const v = deps.volunteers;

  r.get('/api/public/volunteers/form', {
    config: { access: 'public' },
    schema: { tags: TAG, summary: 'What the public application form offers: communities, skills, weekdays and time bands (no login)' },
  }, async () => ({ ...v.meta(), communities: (await v.communities()).items }));

  r.post('/api/public/volunteers/applications', {
    config: { access: 'public' },
    schema: {
      tags: TAG, summary: 'Apply to volunteer in a community (no login; rate-limited); the same mobile pending or approved in that community is answered alike and folded (nothing new stored)',
      body: z.strictObject({
        communityId: id,
        name: z.string().trim().min(2).max(20).regex(/^[\p{Script=Han}A-Za-z·•\s]+$/u, '请填写真实姓名（汉字或字母）|a name of letters or Chinese characters'),
        phone: z.string().trim().min(1).max(20),
        skills, availability,
        note: text(0, 200, '备注', 'note').optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await v.apply(actorOf(req), req.body)));

  r.get('/api/volunteers/meta', {
    config: { access: 'volunteer:read' },
    schema: { tags: TAG, summary: 'Skills, shift kinds, weekdays and time bands with their names' },
  }, async () => v.meta());

  r.get('/api/volunteers/applications', {
    config: { access: 'volunteer:read' },
    schema: { tags: TAG, summary: 'Applications of the caller’s area, newest first (masked; audited)', querystring: z.strictObject({ status: z.enum(APPLICATION_STATUSES).optional() }) },
  }, async (req) => v.applications(principalOf(req), actorOf(req), req.query));

  r.post('/api/volunteers/applications/:id/decide', {
    config: { access: 'volunteer:manage' },
    schema: {
      tags: TAG, summary: 'Approve (→ the roster; optionally linked to a volunteer account of the community, who is told) or reject with a reason', params: idParam,
      body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason: text(1, 100, '原因', 'reason').optional(), userId: id.optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => v.decide(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/volunteers', {
    config: { access: 'volunteer:read' },
    schema: {
      tags: TAG, summary: 'The roster of the caller’s area (status=retired: those who left it, newest first) with skills, service hours and shifts done (masked; audited)',
      querystring: z.strictObject({ status: z.enum(ROSTER_STATUSES).optional() }),
    },
  }, async (req) => v.roster(principalOf(req), actorOf(req), req.query));

  r.get('/api/volunteers/accounts', {
    config: { access: 'volunteer:manage' },
    schema: { tags: TAG, summary: 'The community’s volunteer accounts, each with the roster entry that holds it (for linking an account)' },
  }, async (req) => v.accounts(principalOf(req), actorOf(req)));

  r.patch('/api/volunteers/:id', {
    config: { access: 'volunteer:manage' },
    schema: {
      tags: TAG, summary: 'Change a roster entry’s skills, availability or linked account (userId null unlinks; 409 account_linked when another entry holds it)', params: idParam,
      body: z.strictObject({ skills: skills.optional(), availability: availability.optional(), userId: id.nullable().optional(), version }),
    },
  }, async (req) => v.update(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/volunteers/:id/retire', {
    config: { access: 'volunteer:manage' },
    schema: {
      tags: TAG, summary: '退出 (retire: true, with a reason; their future shifts not checked in to are freed, a linked account is told) or 恢复 (retire: false)', params: idParam,
      body: z.strictObject({ retire: z.boolean(), reason: text(1, 100, '原因', 'reason').optional(), version }),
    },
  }, async (req) => v.retire(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/volunteers/shifts', {
    config: { access: 'volunteer:read' },
    schema: {
      tags: TAG, summary: 'Shifts between two days (at most 62) with slots filled and who is on them (masked; audited)',
      querystring: z.strictObject({ from: day, to: day }).refine((q) => q.from <= q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 62, {
        path: ['to'], message: '结束日期须在开始日期之后且不超过 62 天|to must be after from, at most 62 days',
      }),
    },
  }, async (req) => v.shifts(principalOf(req), actorOf(req), req.query));

  r.post('/api/volunteers/shifts', {
    config: { access: 'volunteer:manage' },
    schema: {
      tags: TAG, summary: 'Publish a shift of the caller’s community (kind, day, start and end, place, slots, skill wanted)',
      body: z.strictObject({
        kind: z.enum(SHIFT_KINDS), title: text(1, 40, '班次名称', 'title'), place: text(1, 60, '地点', 'place'), day, starts: hm, ends: hm,
        slots: z.number().int().min(1).max(200), skill: z.enum(SKILLS).optional(), note: text(0, 200, '备注', 'note').optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await v.createShift(principalOf(req), actorOf(req), req.body)));

  r.post('/api/volunteers/shifts/:id/assign', {
    config: { access: 'volunteer:manage' },
    schema: {
      tags: TAG, summary: 'Put a roster volunteer on a shift (409 shift_full, overlapping_shift, already_on_shift); a linked account is told', params: idParam,
      body: z.strictObject({ volunteerId: id }),
    },
  }, async (req, reply) => reply.code(201).send(await v.assign(principalOf(req), actorOf(req), req.params.id, req.body.volunteerId)));

  r.get('/api/me/volunteering', {
    config: { access: 'volunteer:serve' },
    schema: { tags: TAG, summary: '我的志愿服务: own hours, shifts done, upcoming shifts with check-in state, the community’s open shifts (audited)' },
  }, async (req) => v.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/volunteering/shifts/:id/sign-up', {
    config: { access: 'volunteer:serve' },
    schema: { tags: TAG, summary: 'Sign up for an open shift of one’s community (409 shift_full, overlapping_shift, already_on_shift, not_on_roster)', params: idParam },
  }, async (req, reply) => reply.code(201).send(await v.signUp(principalOf(req), actorOf(req), req.params.id)));

  r.post('/api/me/volunteering/shifts/:id/check-in', {
    config: { access: 'volunteer:serve' },
    schema: { tags: TAG, summary: 'Check in on one’s shift (its day, from an hour before the start)', params: idParam },
  }, async (req) => v.check(principalOf(req), actorOf(req), req.params.id, 'in'));

  r.post('/api/me/volunteering/shifts/:id/check-out', {
    config: { access: 'volunteer:serve' },
    schema: { tags: TAG, summary: 'Check out: the minutes since the check-in are the service time', params: idParam },
  }, async (req) => v.check(principalOf(req), actorOf(req), req.params.id, 'out'));
}
