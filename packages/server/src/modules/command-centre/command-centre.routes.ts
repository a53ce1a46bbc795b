import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { DECISION_FILTERS, DUTY_ROLES, type CommandCentre } from './command-centre.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const orgParam = z.strictObject({ orgId: id });
const version = z.number().int().min(1);
const day = z.iso.date();
const TAG = ['command-centre'];

/** 指挥部 API (ADR 0090): working groups, the duty roster, the nightly dispatch meeting and its decisions. */
export function registerCommandCentreRoutes(app: FastifyInstance, deps: { command: CommandCentre }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.command;

  r.get('/api/command/centres', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: 'The command centres the caller can open: their own district or street when they manage it, and those they take part in' },
  }, async (req) => s.centres(principalOf(req)));

  r.get('/api/command/:orgId/today', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: '今日: who is on duty now, tonight’s meeting, open and overdue decisions, the working groups (audited)', params: orgParam },
  }, async (req) => s.today(principalOf(req), actorOf(req), req.params.orgId));

  r.get('/api/command/:orgId/candidates', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: 'Staff of the command’s org or below who can be group members, on duty or decision owners', params: orgParam },
  }, async (req) => s.candidates(principalOf(req), req.params.orgId));

  r.get('/api/command/:orgId/groups', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: '工作组: the working groups with their lead, members and duties', params: orgParam },
  }, async (req) => s.groups(principalOf(req), req.params.orgId));

  r.post('/api/command/:orgId/groups', {
    config: { access: 'command:manage' },
    schema: {
      tags: TAG, summary: 'A new working group (a name taken: 409 group_exists)', params: orgParam,
      body: z.strictObject({ name: text(2, 20, '工作组名称', 'name'), duties: text(0, 300, '职责', 'duties').optional(), leadId: id.optional(), memberIds: z.array(id).max(200).optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.createGroup(principalOf(req), actorOf(req), req.params.orgId, req.body)));

  r.patch('/api/command/:orgId/groups/:id', {
    config: { access: 'command:manage' },
    schema: {
      tags: TAG, summary: 'A working group’s name, duties, lead and members (the members given replace the old ones)', params: z.strictObject({ orgId: id, id }),
      body: z.strictObject({
        name: text(2, 20, '工作组名称', 'name').optional(), duties: text(0, 300, '职责', 'duties').nullable().optional(), leadId: id.nullable().optional(),
        memberIds: z.array(id).max(200).optional(), version,
      }),
    },
  }, async (req) => s.updateGroup(principalOf(req), actorOf(req), req.params.orgId, req.params.id, req.body));

  r.get('/api/command/:orgId/roster', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: '值班表: the leader and the duty officers of 7 days from `from` (default this week’s Monday)', params: orgParam, querystring: z.strictObject({ from: day.optional() }) },
  }, async (req) => s.roster(principalOf(req), req.params.orgId, req.query));

  r.post('/api/command/:orgId/roster', {
    config: { access: 'command:manage' },
    schema: {
      tags: TAG, summary: 'Puts someone on duty for a day (the same person twice that day: 409 duty_taken; a second leader: 409 leader_taken)', params: orgParam,
      body: z.strictObject({ date: day, role: z.enum(DUTY_ROLES), userId: id, groupId: id.optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.addDuty(principalOf(req), actorOf(req), req.params.orgId, req.body)));

  r.delete('/api/command/:orgId/roster/:id', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: 'Takes someone off the roster', params: z.strictObject({ orgId: id, id }) },
  }, async (req) => s.removeDuty(principalOf(req), actorOf(req), req.params.orgId, req.params.id));

  r.get('/api/command/:orgId/meetings', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: 'The command’s dispatch meetings, newest first', params: orgParam },
  }, async (req) => s.meetings(principalOf(req), req.params.orgId));

  r.post('/api/command/:orgId/meetings', {
    config: { access: 'command:manage' },
    schema: {
      tags: TAG, summary: '召开调度会: the meeting of a day (default today at 18:00 Shanghai time; one per day: 409 meeting_exists)', params: orgParam,
      body: z.strictObject({ date: day.optional(), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:mm' }).optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.openMeeting(principalOf(req), actorOf(req), req.params.orgId, req.body)));

  r.get('/api/command/meetings/:id', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: 'A meeting with its agenda, minutes, attendance, addenda and decisions (audited)', params: idParam },
  }, async (req) => s.meeting(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/command/meetings/:id/agenda', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '生成议程: the live figures (overdue tasks, open alerts, sampling gaps, supply shortages, overdue decisions) as agenda items, each keeping its figure', params: idParam },
  }, async (req) => s.generateAgenda(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/command/meetings/:id/items', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '临时议题: a further agenda item', params: idParam, body: z.strictObject({ title: text(2, 40, '议题', 'title') }) },
  }, async (req, reply) => reply.code(201).send(await s.addItem(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/command/items/:id/minutes', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '纪要 of an agenda item (the meeting ended: 409 meeting_ended)', params: idParam, body: z.strictObject({ minutes: text(1, 2000, '纪要', 'minutes'), version }) },
  }, async (req) => s.minutes(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/command/meetings/:id/attendance', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '参会人员: the people present (replaces the list)', params: idParam, body: z.strictObject({ userIds: z.array(id).max(200) }) },
  }, async (req) => s.attendance(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/command/meetings/:id/end', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '结束会议: the minutes are locked from now on', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.endMeeting(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/command/meetings/:id/addenda', {
    config: { access: 'command:manage' },
    schema: { tags: TAG, summary: '补充说明: a correction of an ended meeting’s minutes', params: idParam, body: z.strictObject({ body: text(2, 1000, '补充说明', 'addendum') }) },
  }, async (req, reply) => reply.code(201).send(await s.addendum(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/command/meetings/:id/decisions', {
    config: { access: 'command:manage' },
    schema: {
      tags: TAG, summary: '决议事项: a decision with one owner (a person or a working group) and a deadline; the owner is told', params: idParam,
      body: z.strictObject({
        title: text(2, 60, '决议事项', 'title'), detail: text(0, 500, '说明', 'detail').optional(), ownerUserId: id.optional(), ownerGroupId: id.optional(), dueDate: day, itemId: id.optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.decide(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.get('/api/command/:orgId/decisions', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: 'The command’s decisions by status, or the overdue ones (audited)', params: orgParam, querystring: z.strictObject({ status: z.enum(DECISION_FILTERS).optional() }) },
  }, async (req) => s.decisions(principalOf(req), actorOf(req), req.params.orgId, req.query));

  r.post('/api/command/decisions/:id/close', {
    config: { access: 'command:read' },
    schema: {
      tags: TAG, summary: '办结 with a note (the owner or a manager) or 撤销 (a manager)', params: idParam,
      body: z.strictObject({ status: z.enum(['done', 'cancelled']), note: text(2, 300, '办结情况', 'note'), version }),
    },
  }, async (req) => s.closeDecision(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/me/command/decisions', {
    config: { access: 'command:read' },
    schema: { tags: TAG, summary: '我的督办事项: open decisions the caller or their group owns (overdue first) and those closed in 7 days (audited)' },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));
}
