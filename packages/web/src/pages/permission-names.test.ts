import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_PERMISSIONS, NO_PAGE, PERMISSION_PAGES, permissionName, permissionsByPage } from './permission-names';
import { MENU } from '../app/menu';
import { WEB_SRC } from '../source-files.test-util';

// The server's list of permissions (packages/server/src/modules/auth/roles.ts), read from its source: the web app
// does not import the server.
function serverPermissions(): string[] {
  const source = fs.readFileSync(path.join(WEB_SRC, '../../server/src/modules/auth/roles.ts'), 'utf8');
  const list = /export const PERMISSIONS = \[([\s\S]*?)\] as const;/.exec(source);
  if (!list) throw new Error('PERMISSIONS not found in roles.ts');
  return [...list[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** A role's permissions as the server grants them (ROLE_PERMISSIONS in roles.ts), read from its source, in its order. */
function rolePermissions(role: string): string[] {
  const source = fs.readFileSync(path.join(WEB_SRC, '../../server/src/modules/auth/roles.ts'), 'utf8');
  const table = /export const ROLE_PERMISSIONS[^=]*= \{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  const list = new RegExp(`\\n  ${role}: \\[([\\s\\S]*?)\\],\\n`).exec(`${table}\n`);
  if (!list) throw new Error(`${role} not found in ROLE_PERMISSIONS`);
  return [...list[1]!.replace(/\/\/.*$/gm, '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('permission names on the workbench', () => {
  it('every permission of the server has a Chinese and an English name, and no name is left for one it dropped', () => {
    const server = serverPermissions();
    expect(server.length).toBeGreaterThan(30);
    expect([...NAMED_PERMISSIONS].sort()).toEqual([...server].sort());
    for (const code of server) {
      expect(permissionName(code, 'zh-CN')).not.toBe(code);
      expect(permissionName(code, 'en')).not.toBe(code);
      expect(permissionName(code, 'zh-CN')).not.toBe(permissionName(code, 'en'));
    }
  });

  it('names a permission in the language shown, and an unknown code as it is', () => {
    expect(permissionName('resident:search', 'zh-CN')).toBe('查找居民');
    expect(permissionName('resident:search', 'en')).toBe('Search for residents');
    expect(permissionName('future:thing', 'zh-CN')).toBe('future:thing');
    expect(permissionName('toString', 'en')).toBe('toString');
  });
});

describe('我能做的事: only what a page of the menu offers, the rest apart', () => {
  it('a street office: export approval, the overview, today\'s reporting figures, warnings, the spread trend, the duty log, the roll calls\' progress, the control points and the supplies; place reads have no page', () => {
    const street = rolePermissions('street_staff');
    expect(street).toContain('place:read'); // read from the server's source, not typed here
    const { onPages, noPage } = permissionsByPage(street, 'street_staff');
    expect(onPages).toEqual(['org:read', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'control-point:read', 'supply:read', 'supply:manage', 'survey:read', 'survey:manage', 'shelter:read', 'lane:read', 'sampling:read', 'quarantine:read', 'quarantine:approve', 'gate:read', 'health:read', 'screening:read', 'screening:import', 'screening:route', 'case:read', 'announcement:write', 'complaint:read', 'complaint:handle', 'volunteer:read', 'task:read', 'warning:read', 'analytics:run', 'export:approve', 'registry:stats', 'self-report:coverage', 'procedure:read', 'plan:read', 'request:read', 'request:issue', 'report:read', 'resilience:read', 'command:read', 'command:manage', 'partner:read', 'partner:manage']);
    // District command has the same card on its workbench.
    expect(permissionsByPage(rolePermissions('district_staff'), 'district_staff').onPages).toContain('self-report:coverage');
    expect(noPage).toEqual(['place:read']); // 工作规程 (ADR 0088): procedure:read is on 工作规程
    expect([...onPages, ...noPage].sort()).toEqual([...street].sort());
  });

  it('a page offers a permission only to someone who sees that page in the menu', () => {
    // Deletion certificates are on the audit page: the auditor opens it, the security admin (no audit:read) does not.
    expect(permissionsByPage(rolePermissions('auditor'), 'auditor').noPage).toEqual([]);
    expect(permissionsByPage(rolePermissions('security_admin'), 'security_admin')).toEqual({ onPages: ['user:manage', 'impact:query', 'complaint:read'], noPage: ['retention:read'] });
    // A grid worker does everything from the roll, 健康上报 and 值班日志.
    const grid = permissionsByPage(rolePermissions('grid_worker'), 'grid_worker');
    // 投诉与举报 (ADR 0086): the grid worker reads and handles what is assigned to them; the community admin also writes announcements.
    expect(grid.onPages).toEqual(expect.arrayContaining(['complaint:read', 'complaint:handle']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining(['announcement:write', 'complaint:read', 'complaint:handle']));
    expect(grid.noPage).toEqual(['service:book']); // 代为预约 (ADR 0091): API only for now; 工作规程's procedure:run is on 我的清单
    expect(grid.onPages).toEqual(expect.arrayContaining(['resident:search', 'resident:reveal', 'place:read', 'org:read', 'roll-call:check', 'roll-call:manage', 'control-point:patrol']));
    // 问卷调查: the worker reads the results and types in paper forms; the community admin also writes the surveys.
    expect(grid.onPages).toEqual(expect.arrayContaining(['survey:read', 'survey:enter']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining(['survey:read', 'survey:manage', 'survey:enter']));
    // 核酸采样 (ADR 0079): the worker reads the rounds and samples at the station; the community admin also sets up the
    // sites and rounds and imports the results; the doctor imports results too.
    expect(grid.onPages).toEqual(expect.arrayContaining(['sampling:read', 'sampling:collect']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages)
      .toEqual(expect.arrayContaining(['sampling:read', 'sampling:collect', 'sampling:manage', 'sampling:results']));
    const doctor = permissionsByPage(rolePermissions('doctor'), 'doctor');
    expect(doctor.onPages).toEqual(expect.arrayContaining(['sampling:read', 'sampling:collect', 'sampling:results']));
    expect(doctor.noPage).toEqual([]); // 工作规程 (ADR 0088): procedure:run is on 我的清单
    // A volunteer patrols the control points and carries supplies to the door; the community admin also sets the points
    // up, records the stock and opens the distributions.
    // 居家隔离 (ADR 0080): a volunteer takes the needs on 隔离需求, their own entry (they hold quarantine:serve only).
    expect(permissionsByPage(rolePermissions('volunteer'), 'volunteer')).toEqual({
      onPages: ['org:read', 'duty-log:read', 'control-point:read', 'control-point:patrol', 'supply:read', 'supply:deliver', 'shelter:read', 'shelter:inspect', 'lane:read', 'lane:report', 'quarantine:serve', 'gate:operate', 'volunteer:serve', 'task:work', 'procedure:run', 'service:record'],
      // 志愿者 (ADR 0085): 我的志愿服务 is its own page; 我的任务 (ADR 0087) and 我的清单 (ADR 0088) too.
      noPage: [],
    });
    // 居家隔离: the community admin proposes, checks and serves; the doctor proposes and checks; the grid worker checks
    // and serves; the street office reads and approves (above, in its list).
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages)
      .toEqual(expect.arrayContaining(['quarantine:read', 'quarantine:propose', 'quarantine:check', 'quarantine:serve']));
    expect(doctor.onPages).toEqual(expect.arrayContaining(['quarantine:read', 'quarantine:propose', 'quarantine:check']));
    expect(grid.onPages).toEqual(expect.arrayContaining(['quarantine:read', 'quarantine:check', 'quarantine:serve']));
    expect(permissionsByPage(rolePermissions('district_staff'), 'district_staff').onPages).toEqual(expect.arrayContaining(['quarantine:read', 'quarantine:approve']));
    // 健康码 (ADR 0082): community staff read the mirror (the street its figures, in its list above); the district also
    // imports the upstream list and sets colours; a resident sees their own on the workbench.
    expect(permissionsByPage(rolePermissions('district_staff'), 'district_staff').onPages).toEqual(expect.arrayContaining(['health:read', 'health:import', 'health:assign']));
    expect(grid.onPages).toEqual(expect.arrayContaining(['health:read']));
    expect(doctor.onPages).toEqual(expect.arrayContaining(['health:read']));
    expect(permissionsByPage(rolePermissions('resident'), 'resident').onPages).toEqual(expect.arrayContaining(['self:health']));
    // 排查 (ADR 0083): the district imports and routes to a community; the community admin routes to a grid and checks;
    // the grid worker checks door to door (我的排查任务).
    expect(permissionsByPage(rolePermissions('district_staff'), 'district_staff').onPages).toEqual(expect.arrayContaining(['screening:read', 'screening:import', 'screening:route']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining(['screening:read', 'screening:route', 'screening:check']));
    expect(grid.onPages).toEqual(expect.arrayContaining(['screening:read', 'screening:check']));
    // 病例与密接 (ADR 0084): the district registers cases and contacts and sends the follow-up lists (case:manage, on the
    // page's buttons); the street, the community admin and the doctor read the cases, their contacts and the chain.
    const district = permissionsByPage(rolePermissions('district_staff'), 'district_staff');
    expect(district.onPages).toEqual(expect.arrayContaining(['case:read', 'case:manage']));
    expect(district.noPage).not.toContain('case:manage');
    expect(permissionsByPage(rolePermissions('street_staff'), 'street_staff').onPages).toContain('case:read');
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toContain('case:read');
    expect(doctor.onPages).toContain('case:read');
    for (const role of ['street_staff', 'community_admin', 'doctor', 'grid_worker']) expect(rolePermissions(role), role).not.toContain('case:manage');
    expect(grid.onPages).not.toContain('case:read');
    // 卡口 (ADR 0081): the worker reads the gates and stands duty; the community admin also sets them up.
    expect(grid.onPages).toEqual(expect.arrayContaining(['gate:read', 'gate:operate']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining(['gate:read', 'gate:operate', 'gate:manage']));
    expect(permissionsByPage(rolePermissions('district_staff'), 'district_staff').onPages).toEqual(expect.arrayContaining(['gate:read']));
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining([
      'control-point:read', 'control-point:patrol', 'control-point:manage', 'supply:read', 'supply:manage', 'supply:allocate', 'supply:deliver',
      'shelter:read', 'shelter:manage', 'shelter:inspect', 'lane:read', 'lane:manage', 'lane:report',
    ]));
    // A collector may search residents, but no page the collector sees has the search: the duty log and 核酸采样 (the
    // rounds and the station) are theirs.
    expect(permissionsByPage(rolePermissions('collector'), 'collector')).toEqual({
      onPages: ['org:read', 'duty-log:read', 'duty-log:write', 'sampling:read', 'sampling:collect', 'procedure:run'], noPage: ['resident:search', 'place:read'], // procedure:run: 我的清单 (ADR 0088)
    });
    // 工作规程 (ADR 0088): the community admin writes and publishes on 工作规程 and runs checklists on 我的清单.
    expect(permissionsByPage(rolePermissions('community_admin'), 'community_admin').onPages).toEqual(expect.arrayContaining(['procedure:read', 'procedure:manage', 'procedure:run']));
    expect(permissionsByPage(['procedure:manage'], 'community_admin').noPage).toEqual(['procedure:manage']); // its page needs procedure:read
    // A resident's own pages are theirs by role.
    expect(permissionsByPage(rolePermissions('resident'), 'resident').noPage).toEqual([]);
    expect(permissionsByPage(['self:correct'], 'grid_worker').noPage).toEqual(['self:correct']);
    // An unknown code (a newer server) is not claimed for a page; nor is a name of Object.prototype.
    expect(permissionsByPage(['future:thing', 'toString'], 'grid_worker').noPage).toEqual(['future:thing', 'toString']);
  });

  it('every permission of the server is placed: a menu entry\'s own, acted on by named entries, or without a page', () => {
    const keys = new Set(MENU.map((e) => e.key));
    for (const [p, on] of Object.entries(PERMISSION_PAGES)) {
      expect(on.length, p).toBeGreaterThan(0);
      for (const key of on) expect(keys.has(key), `${p} → ${key}`).toBe(true);
    }
    const placed = (p: string) => MENU.some((e) => e.permission === p) || Object.hasOwn(PERMISSION_PAGES, p);
    for (const p of serverPermissions()) expect(placed(p) !== NO_PAGE.includes(p), p).toBe(true);
    for (const p of NO_PAGE) expect(serverPermissions(), p).toContain(p);
  });
});
