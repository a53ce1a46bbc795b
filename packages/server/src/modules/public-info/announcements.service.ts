import { createHash } from 'node:crypto';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import { inAreaOrAbove, type Org, type OrgsService } from '../orgs';

/** 公告与新闻 (ADR 0086). */
export const ANNOUNCEMENT_CATEGORIES = ['notice', 'policy', 'science', 'news'] as const;
export type AnnouncementCategory = (typeof ANNOUNCEMENT_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<AnnouncementCategory, readonly [string, string]> = {
  notice: ['通知公告', 'Notices'], policy: ['防疫政策', 'Epidemic policy'], science: ['科普', 'Health education'], news: ['新闻', 'News'],
};
const PUBLISHER_LEVELS = ['district', 'street', 'community'];
/** Most items a public list or a feed answers. */
export const FEED_LIMIT = 50;

export type AnnouncementBody = { title: string; body: string; category: AnnouncementCategory; pinned: boolean };
export type AnnouncementDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels'> };

type Row = Record<string, unknown>;

export function createAnnouncements(deps: AnnouncementDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  const statusOf = (r: Row, at: Date): 'draft' | 'scheduled' | 'published' | 'withdrawn' => {
    if (r.status === 'published') return (codec.readTs(r.publish_at) ?? '') > at.toISOString() ? 'scheduled' : 'published';
    return String(r.status) as 'draft' | 'withdrawn';
  };

  async function staffViews(rows: Row[]) {
    const at = now();
    const [names, orgNames] = await Promise.all([
      deps.accounts.userLabels([...new Set(rows.flatMap((r) => [String(r.updated_by), String(r.created_by)]))]),
      deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]),
    ]);
    return rows.map((r) => ({
      id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', category: String(r.category) as AnnouncementCategory,
      title: String(r.title), body: String(r.body), status: statusOf(r, at), pinned: codec.readBool(r.pinned), publishAt: codec.readTs(r.publish_at),
      withdrawnAt: codec.readTs(r.withdrawn_at), withdrawReason: (r.withdraw_reason as string | null) ?? null,
      createdBy: names.get(String(r.created_by)) ?? '', updatedBy: names.get(String(r.updated_by)) ?? '', updatedAt: codec.readTs(r.updated_at)!, version: codec.readInt(r.version),
    }));
  }

  async function publicViews(rows: Row[]) {
    const orgNames = await deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]);
    return rows.map((r) => ({
      id: String(r.id), orgName: orgNames.get(String(r.org_id)) ?? '', category: String(r.category) as AnnouncementCategory, title: String(r.title), body: String(r.body),
      pinned: codec.readBool(r.pinned), publishedAt: codec.readTs(r.publish_at)!, updatedAt: codec.readTs(r.updated_at)!, edited: codec.readInt(r.version) > 1,
    }));
  }

  async function own(p: Principal, id: string) {
    const r = await db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('公告', 'Announcement');
    return r as Row;
  }

  /** The published items of an org's area: its own and those of the orgs above it, pinned first, newest first. */
  async function visibleOf(org: Org, o: { category?: AnnouncementCategory; limit: number }) {
    const at = codec.ts(now());
    let q = db.selectFrom('announcements as a').selectAll('a').where(inAreaOrAbove('a', org.path)).where('a.org_path', 'not like', `${org.path}_%`)
      .where('a.status', '=', 'published').where('a.publish_at', '<=', at);
    if (o.category) q = q.where('a.category', '=', o.category);
    return await q.orderBy('a.pinned', 'desc').orderBy('a.publish_at', 'desc').orderBy('a.id', 'desc').limit(o.limit).execute() as Row[];
  }

  async function publicOrg(code: string) {
    const org = await deps.orgs.byCode(code);
    if (!org || !PUBLISHER_LEVELS.includes(org.level)) throw errors.notFound('地区', 'Area');
    return org;
  }

  async function writeVersion(trx: any, r: { id: string; org_path: string; version: number; category: string; title: string; body: string }, by: string, at: Date) {
    await trx.insertInto('announcement_versions').values({
      id: uuidv7(at.getTime()), announcement_id: r.id, org_path: r.org_path, version: r.version, category: r.category, title: r.title, body: r.body, edited_by: by, edited_at: codec.ts(at),
    }).execute();
  }

  const one = async (id: string) => (await staffViews([await db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Row]))[0]!;

  return {
    meta: () => ({ categories: ANNOUNCEMENT_CATEGORIES.map((code) => ({ code, zh: CATEGORY_NAMES[code][0], en: CATEGORY_NAMES[code][1] })) }),

    async list(p: Principal, q: { status?: string; category?: AnnouncementCategory }) {
      let sel = db.selectFrom('announcements').selectAll().where('org_path', 'like', `${p.orgPath}%`);
      if (q.category) sel = sel.where('category', '=', q.category);
      const rows = await sel.orderBy('updated_at', 'desc').limit(500).execute() as Row[];
      const items = await staffViews(rows);
      return { items: q.status ? items.filter((i) => i.status === q.status) : items };
    },

    get: async (p: Principal, id: string) => (await staffViews([await own(p, id)]))[0]!,

    async create(p: Principal, actor: AuditActor, b: AnnouncementBody & { publishAt?: Date | null; draft?: boolean }) {
      if (!PUBLISHER_LEVELS.includes(p.orgLevel)) throw errors.forbidden();
      const at = now();
      if (b.publishAt && b.publishAt.getTime() < at.getTime() - 60_000) throw errors.field('publishAt', 'past', '定时发布的时间不能早于现在', 'a scheduled time cannot be in the past');
      const id = uuidv7(at.getTime());
      const publishAt = b.draft ? null : (b.publishAt ?? at);
      await writes.run(async (trx) => {
        await trx.insertInto('announcements').values({
          id, org_id: p.orgId, org_path: p.orgPath, category: b.category, title: b.title, body: b.body, status: b.draft ? 'draft' : 'published', pinned: codec.bool(b.pinned),
          publish_at: publishAt ? codec.ts(publishAt) : null, withdrawn_at: null, withdrawn_by: null, withdraw_reason: null, created_by: p.id, created_at: codec.ts(at),
          updated_by: p.id, updated_at: codec.ts(at), version: 1,
        }).execute();
        await writeVersion(trx, { id, org_path: p.orgPath, version: 1, category: b.category, title: b.title, body: b.body }, p.id, at);
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'announcement', objectId: id, reason: b.draft ? 'draft' : 'publish', fields: ['title', 'body', 'category'], outcome: 'success' });
      });
      return one(id);
    },

    async update(p: Principal, actor: AuditActor, id: string, b: AnnouncementBody & { version: number }) {
      const r = await own(p, id);
      if (r.status === 'withdrawn') throw errors.conflict('withdrawn', '公告已撤回，不能再修改', 'This announcement was withdrawn and cannot be edited');
      const at = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('announcements').set({
          title: b.title, body: b.body, category: b.category, pinned: codec.bool(b.pinned), updated_by: p.id, updated_at: codec.ts(at), version: b.version + 1,
        }).where('id', '=', id).where('version', '=', b.version).where('status', '!=', 'withdrawn').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await writeVersion(trx, { id, org_path: String(r.org_path), version: b.version + 1, category: b.category, title: b.title, body: b.body }, p.id, at);
        await deps.audit.append(trx, actor, { action: 'update', objectType: 'announcement', objectId: id, fields: ['title', 'body', 'category', 'pinned'], outcome: 'success' });
      });
      return one(id);
    },

    async publish(p: Principal, actor: AuditActor, id: string, b: { publishAt?: Date | null; version: number }) {
      const r = await own(p, id);
      if (r.status !== 'draft') throw errors.conflict('not_draft', '只有草稿可以发布', 'Only a draft can be published');
      const at = now();
      if (b.publishAt && b.publishAt.getTime() < at.getTime() - 60_000) throw errors.field('publishAt', 'past', '定时发布的时间不能早于现在', 'a scheduled time cannot be in the past');
      await writes.run(async (trx) => {
        const res = await trx.updateTable('announcements').set({ status: 'published', publish_at: codec.ts(b.publishAt ?? at), updated_by: p.id, updated_at: codec.ts(at), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await deps.audit.append(trx, actor, { action: 'publish', objectType: 'announcement', objectId: id, outcome: 'success' });
      });
      return one(id);
    },

    async withdraw(p: Principal, actor: AuditActor, id: string, b: { reason: string; version: number }) {
      const r = await own(p, id);
      if (r.status === 'withdrawn') throw errors.conflict('withdrawn', '公告已撤回', 'This announcement was withdrawn already');
      const at = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('announcements').set({
          status: 'withdrawn', withdrawn_at: codec.ts(at), withdrawn_by: p.id, withdraw_reason: b.reason, updated_by: p.id, updated_at: codec.ts(at), version: b.version + 1,
        }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await deps.audit.append(trx, actor, { action: 'withdraw', objectType: 'announcement', objectId: id, reason: b.reason, outcome: 'success' });
      });
      return one(id);
    },

    async versions(p: Principal, id: string) {
      await own(p, id);
      const rows = await db.selectFrom('announcement_versions').selectAll().where('announcement_id', '=', id).orderBy('version', 'desc').execute();
      const names = await deps.accounts.userLabels([...new Set(rows.map((r) => String(r.edited_by)))]);
      return {
        items: rows.map((r) => ({
          version: codec.readInt(r.version), category: String(r.category), title: String(r.title), body: String(r.body), editedBy: names.get(String(r.edited_by)) ?? '',
          editedAt: codec.readTs(r.edited_at)!,
        })),
      };
    },

    // ----- public -------------------------------------------------------------------------------------------------

    async publicList(code: string, q: { category?: AnnouncementCategory }) {
      const org = await publicOrg(code);
      return { area: { code: org.code, name: org.name, level: org.level }, items: await publicViews(await visibleOf(org, { category: q.category, limit: FEED_LIMIT })) };
    },

    async publicItem(id: string) {
      const r = await db.selectFrom('announcements').selectAll().where('id', '=', id).where('status', '=', 'published').where('publish_at', '<=', codec.ts(now())).executeTakeFirst();
      if (!r) throw errors.notFound('公告', 'Announcement');
      return (await publicViews([r as Row]))[0]!;
    },

    /** The feed of an org: its items and those above, with a validator (ETag) and the last change. */
    async feed(code: string) {
      const org = await publicOrg(code);
      const items = await publicViews(await visibleOf(org, { limit: FEED_LIMIT }));
      const lastModified = items.reduce((m, i) => (i.updatedAt > m ? i.updatedAt : m), '1970-01-01T00:00:00.000Z');
      const etag = `"${createHash('sha256').update(JSON.stringify([org.name, items.map((i) => [i.id, i.updatedAt, i.title, i.body, i.pinned])])).digest('base64url').slice(0, 27)}"`;
      return { org, items, lastModified: new Date(lastModified), etag };
    },

    /** A resident's community's announcements (and those of the street and district above it). */
    async forArea(path: string) {
      const org = await deps.orgs.communityOf(path);
      if (!org) return { items: [] };
      return { area: { code: org.code, name: org.name, level: org.level }, items: await publicViews(await visibleOf(org, { limit: FEED_LIMIT })) };
    },
  };
}

export type Announcements = ReturnType<typeof createAnnouncements>;
