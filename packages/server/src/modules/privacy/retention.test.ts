// Retention job (PRIV-04, ADR 0024): the registry's finite retention periods are enforced, rows just inside each
// window stay, the audit log is exempt, every run is certified (hash chain) and audited with counts only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { FIELD_REGISTRY, type FieldPolicy } from './field-registry';
import { certificateHash, checkRetentionCoverage, createRetentionService, RETENTION_POLICIES, retentionRules } from './retention';

const DAY = 86400_000;

describe('retention rules derived from the field registry', () => {
  it('every column with a finite retention is covered by a table policy, and every policy names what the registry has', () => {
    expect(checkRetentionCoverage()).toEqual([]);
    const rules = retentionRules();
    expect(rules.map((r) => `${r.table}:${r.action}:${r.days}`)).toEqual([
      'case_contacts:delete:180', 'cases:clear:180', 'complaints:clear:180', 'correction_requests:delete:365', 'deletion_requests:clear:365', 'export_subjects:delete:1095', 'exports:clear:1095', 'gate_events:delete:28', 'gate_visits:delete:28', 'health_appeals:delete:180', 'health_code_history:delete:180', 'health_codes:delete:180', 'idempotency_keys:delete:30', 'import_jobs:clear:30', 'minor_access_requests:delete:1095',
      'quarantine_checks:delete:180', 'quarantine_door_events:delete:180', 'resident_consents:delete:1095', 'roll_call_items:clear:365', 'sampling_retests:delete:180', 'sampling_samples:delete:180', 'screening_entries:delete:90', 'self_reports:delete:28', 'service_bookings:delete:180', 'volunteer_applications:delete:90',
    ]);
    expect(rules.find((r) => r.table === 'self_reports')!.columns).toEqual(['report_date', 'temperature', 'fever', 'symptoms', 'note', 'follow_up_note']);
    expect(rules.some((r) => r.table === 'audit_log')).toBe(false);
  });

  it('the check fails for a future column without a policy, and for a policy naming an unknown table or column', () => {
    const aged = (days: number, from: FieldPolicy['retention']['from'] = 'created'): FieldPolicy =>
      ({ ...FIELD_REGISTRY.self_reports!.temperature!, basis: 'statutory_duty', retention: { days, from } });
    const withNew = { ...FIELD_REGISTRY, lift_events: { id: FIELD_REGISTRY.orgs!.id!, passed_at: aged(28) } };
    expect(checkRetentionCoverage(withNew)).toEqual([expect.stringContaining('lift_events: passed_at')]);
    // Not by age: days: null ("while consent is valid"). Counted from a consent's withdrawal with finite days, the column
    // needs the policy's withdrawal-date column (ADR 0033). A column counted from the emergency's end needs a policy with
    // an emergency scope (ADR 0027).
    const notByAge = { ...FIELD_REGISTRY, lift_events: { id: FIELD_REGISTRY.orgs!.id!, b: { ...aged(30, 'consentWithdrawn'), retention: { days: null, from: 'consentWithdrawn' as const }, basis: 'consent' as const } } };
    expect(checkRetentionCoverage(notByAge)).toEqual([]);
    const byWithdrawal = { ...FIELD_REGISTRY, lift_events: { id: FIELD_REGISTRY.orgs!.id!, b: { ...aged(30, 'consentWithdrawn'), basis: 'consent' as const } } };
    expect(checkRetentionCoverage(byWithdrawal)).toEqual([expect.stringContaining('lift_events: b have a finite retention')]);
    const byEnd = { ...FIELD_REGISTRY, lift_events: { id: FIELD_REGISTRY.orgs!.id!, a: aged(30, 'emergencyEnd') } };
    expect(checkRetentionCoverage(byEnd)).toEqual([expect.stringContaining('lift_events: a are bound to the emergency period')]);
    // A column counted from the last update needs the policy to say which column that is.
    const updated = { ...FIELD_REGISTRY, import_jobs: { ...FIELD_REGISTRY.import_jobs!, warnings: aged(30, 'lastUpdate') } };
    expect(checkRetentionCoverage(updated)).toEqual([expect.stringContaining('import_jobs.warnings: retention counted from lastUpdate')]);
    expect(checkRetentionCoverage(FIELD_REGISTRY, { ...RETENTION_POLICIES, lift_events: { action: 'delete', key: ['id'], age: { created: 'created_at' } } }))
      .toEqual([expect.stringContaining('lift_events: policy for a table the registry does not have')]);
    expect(checkRetentionCoverage(FIELD_REGISTRY, { ...RETENTION_POLICIES, self_reports: { action: 'delete', key: ['uuid'], age: { created: 'reported_at' }, emergency: { path: 'org_path', date: 'report_date' } } }))
      .toEqual([expect.stringContaining('self_reports.uuid'), expect.stringContaining('self_reports.reported_at')]);
    expect(checkRetentionCoverage(FIELD_REGISTRY, { ...RETENTION_POLICIES, import_jobs: { action: 'clear', key: ['id'], age: { created: 'created_at' }, clearTo: { warnings: '[]' } } }))
      .toEqual([expect.stringContaining('import_jobs.warnings: clearTo')]);
  });
});

describe('retention job', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let now: Date;
  const ago = (days: number) => t.platform.database.codec.ts(new Date(now.getTime() - days * DAY));
  const count = async (table: string) => Number((await t.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 0);
    now = t.clock.now();
    const { db, codec } = t.platform.database;
    // Audit rows far older than their 180-day floor (the job must not touch them).
    t.clock.set(new Date(now.getTime() - 400 * DAY));
    await t.services.audit.record(systemActor('system:test'), { action: 'old_event', outcome: 'success' });
    t.clock.set(new Date(now.getTime() - 181 * DAY));
    await t.services.audit.record(systemActor('system:test'), { action: 'old_event', outcome: 'success' });
    t.clock.set(now);
    const report = (id: string, days: number, note: string | null) => ({
      id, resident_id: fx.R1.id, household_id: fx.h1.id, grid_id: fx.g1.id, org_path: fx.g1.path, report_date: ago(days).slice(0, 10), temperature: 37.5,
      fever: codec.bool(true), symptoms: '["cough"]', note, reported_by: fx.R1.id, channel: 'self', follow_up_status: 'open', created_at: ago(days),
    });
    await db.insertInto('self_reports').values([report('sr-27', 27, 'n27'), report('sr-29', 29, 'n29'), report('sr-40', 40, null)]).execute();
    const admin = (await t.services.auth.findByUsername('admin'))!;
    const job = (id: string, days: number) => ({
      id, community_id: t.orgs.community.id, created_by: admin.id, filename_hash: 'h', kind: 'residents', mode: 'partial', dry_run: codec.bool(false),
      status: 'partial', rows_total: 10, imported: 8, updated: 0, error_count: 2, errors: '[{"row":3,"column":"身份证号","code":"invalid_id"}]',
      warnings: '[]', created_at: ago(days), finished_at: ago(days), scope_path: t.orgs.community.path,
    });
    await db.insertInto('import_jobs').values([job('job-29', 29), job('job-31', 31)]).execute();
    await db.insertInto('idempotency_keys').values([29, 31, 45].map((d) => ({
      actor_id: admin.id, key: `k-${d}`, request_hash: 'x', status_code: 200, response_body: '{"name":"张三"}', created_at: ago(d),
    }))).execute();
    const exp = (id: string, days: number) => ({
      id, kind: 'residents', requester_id: admin.id, requester_role: 'community_admin', org_id: t.orgs.community.id, scope_path: t.orgs.community.path,
      column_list: '[]', purpose: 'p', reason: '给街道报送名单', file_format: 'csv', row_count: 1, data_class: 'other', approval_level: 'community',
      status: 'downloaded', decision_note: '同意', expires_at: ago(days), created_at: ago(days), updated_at: ago(days),
    });
    await db.insertInto('exports').values([exp('exp-1094', 1094), exp('exp-1096', 1096)]).execute();
    // Correction requests: kept while open (however old), deleted a year after they were resolved.
    const corr = (id: string, createdDays: number, resolvedDays: number | null) => ({
      id, resident_id: fx.R1.id, account_id: admin.id, org_path: fx.g1.path, grid_id: fx.g1.id, field: 'phone', proposed_enc: `enc-${id}`,
      proposed_masked: '139****5678', note_enc: `note-${id}`, status: resolvedDays === null ? 'open' : 'applied', reply: resolvedDays === null ? null : '已更正',
      created_at: ago(createdDays), resolved_by: resolvedDays === null ? null : admin.id, resolved_at: resolvedDays === null ? null : ago(resolvedDays), version: 1,
    });
    await db.insertInto('correction_requests').values([corr('cr-open', 800, null), corr('cr-364', 370, 364), corr('cr-366', 400, 366)]).execute();
    // Deletion requests (ADR 0037): note and reply emptied a year after the decision; the row stays; open ones keep theirs.
    const del = (id: string, decidedDays: number | null) => ({
      id, resident_id: fx.R1.id, account_id: admin.id, org_path: fx.g1.path, grid_id: fx.g1.id, ground: 'other', scope: 'record', note_enc: `dnote-${id}`,
      status: decidedDays === null ? 'open' : 'rejected', reply: decidedDays === null ? null : '依法须保存', decided_by: decidedDays === null ? null : admin.id,
      decided_at: decidedDays === null ? null : ago(decidedDays), created_at: ago((decidedDays ?? 700) + 1), version: decidedDays === null ? 1 : 2,
    });
    await db.insertInto('deletion_requests').values([del('dr-open', null), del('dr-364', 364), del('dr-366', 366)]).execute();
    // Requests to see a child's data (ADR 0035): deleted 3 years after the request ended (expires_at).
    const minorReq = (id: string, endedDays: number) => ({
      id, resident_id: fx.R1.id, org_path: fx.g1.path, requester_id: admin.id, field: 'idNumber', reason: '核对接种登记', purpose: 'registry.maintenance',
      status: 'rejected', decided_by: admin.id, decided_at: ago(endedDays), decision_note: '请联系监护人', expires_at: ago(endedDays), uses_left: 0,
      created_at: ago(endedDays + 1), version: 2,
    });
    await db.insertInto('minor_access_requests').values([minorReq('mar-1094', 1094), minorReq('mar-1096', 1096)]).execute();
    // Consents to care services (ADR 0033): a valid one is kept however old; a withdrawn one 3 years after its withdrawal.
    const consent = (id: string, recordedDays: number, withdrawnDays: number | null) => ({
      id, resident_id: fx.R1.id, purpose: 'care_services', notice_version: '2025-06.1+00000000', method: 'written', note: '纸质同意书存社区档案柜',
      import_job_id: null, recorded_by: admin.id, recorded_at: ago(recordedDays), withdrawn_at: withdrawnDays === null ? null : ago(withdrawnDays),
      withdrawn_by: withdrawnDays === null ? null : admin.id, withdraw_method: withdrawnDays === null ? null : 'oral_witnessed',
      withdraw_note: withdrawnDays === null ? null : '电话告知撤回', org_path: fx.g1.path, version: withdrawnDays === null ? 1 : 2,
    });
    await db.insertInto('resident_consents').values([consent('rc-open', 2000, null), consent('rc-1094', 1500, 1094), consent('rc-1096', 1500, 1096)]).execute();
    // 关爱点名 (ADR 0073): what a check found out (need, note) is emptied a year after the check; the state stays.
    await db.insertInto('roll_calls').values({
      id: 'rc-call', org_id: t.orgs.community.id, org_path: t.orgs.community.path, grid_id: null, title: '台风前点名', tags: '["elderly80"]', started_by: admin.id,
      started_at: ago(400), due_at: ago(399), closed_at: ago(399), closed_by: admin.id, overdue_notified_at: null, total: 3, version: 2,
    }).execute();
    const rci = (id: string, residentId: string, checkedDays: number | null) => ({
      id, roll_call_id: 'rc-call', resident_id: residentId, grid_id: fx.g1.id, org_path: fx.g1.path, status: checkedDays === null ? 'pending' : 'needs_help',
      need: checkedDays === null ? null : 'medicine', method: checkedDays === null ? null : 'phone', note: checkedDays === null ? null : `降压药快吃完了-${id}`,
      attempts: checkedDays === null ? 0 : 1, checked_by: checkedDays === null ? null : admin.id, checked_at: checkedDays === null ? null : ago(checkedDays), version: 1, seq: Number(checkedDays ?? 0),
    });
    await db.insertInto('roll_call_items').values([rci('rci-pending', fx.R3.id, null), rci('rci-364', fx.R1.id, 364), rci('rci-366', fx.R2.id, 366)]).execute();
    await db.insertInto('export_subjects').values([
      { export_id: 'exp-1094', resident_id: fx.R1.id }, { export_id: 'exp-1096', resident_id: fx.R1.id }, { export_id: 'exp-1096', resident_id: fx.R2.id },
    ]).execute();
    // 核酸采样 (ADR 0079): a sample goes 180 days after it was taken, and its retest with it; the tube stays.
    await db.insertInto('sampling_rounds').values({
      id: 'sr-round', community_id: t.orgs.community.id, org_path: t.orgs.community.path, name: '半年前全员核酸', round_date: '2025-01-01', pool_size: 5, note: null, status: 'closed',
      created_by: admin.id, created_at: ago(200), closed_at: ago(199), closed_by: admin.id, version: 2,
    }).execute();
    await db.insertInto('sampling_tubes').values({
      id: 'st-1', round_id: 'sr-round', org_path: t.orgs.community.path, barcode: 'T00000179', site_id: null, station: null, door_to_door: codec.bool(true), pool_size: 5, members: 2,
      collected_by: admin.id, sealed_at: ago(181), result: 'positive', result_at: ago(180), result_import_id: null,
    }).execute();
    const sample = (id: string, residentId: string, days: number) => ({
      id, tube_id: 'st-1', round_id: 'sr-round', position: days, person_key: `r:${residentId}`, resident_id: residentId, grid_id: fx.g1.id, org_path: fx.g1.path,
      walkin_name: null, walkin_id_enc: null, walkin_id_bidx: null, walkin_id_masked: null, repeat_sample: codec.bool(false), collected_at: ago(days), collected_on: ago(days).slice(0, 10),
    });
    await db.insertInto('sampling_samples').values([sample('ss-179', fx.R1.id, 179), sample('ss-181', fx.R2.id, 181)]).execute();
    // 服务预约 (ADR 0091): a booking goes 180 days after its slot's time (not its own creation); the slot stays.
    const cpath = t.orgs.community.path;
    await db.insertInto('partner_units').values({
      id: 'pu-1', org_id: t.orgs.community.id, org_path: cpath, kind: 'social_org', name: '心理服务社', reg_status: 'filed', credit_code: null, contact_name: null,
      contact_phone_enc: null, contact_phone_masked: null, services_note: null, active: codec.bool(true), ended_at: null, created_by: admin.id, created_at: ago(400), updated_at: ago(400), version: 1,
    }).execute();
    await db.insertInto('partner_services').values({
      id: 'ps-1', unit_id: 'pu-1', org_path: cpath, category: 'counselling', name: '心理疏导', description: null, bookable: codec.bool(true), active: codec.bool(true),
      created_by: admin.id, created_at: ago(400), version: 1,
    }).execute();
    const slot = (id: string, days: number) => ({
      id, service_id: 'ps-1', unit_id: 'pu-1', org_path: cpath, starts_at: ago(days), minutes: 45, mode: 'phone', status: 'open', created_by: admin.id, created_at: ago(300),
    });
    await db.insertInto('service_slots').values([slot('sl-179', 179), slot('sl-181', 181)]).execute();
    const booking = (id: string, slotId: string, residentId: string) => ({
      id, slot_id: slotId, service_id: 'ps-1', unit_id: 'pu-1', org_path: cpath, resident_id: residentId, booked_by: admin.id, by_self: codec.bool(false), note: '想聊聊睡眠',
      status: 'confirmed', confirmed_by: admin.id, confirmed_at: ago(250), cancelled_by: null, cancelled_at: null, cancel_reason: null, created_at: ago(290), version: 2,
    });
    await db.insertInto('service_bookings').values([booking('bk-179', 'sl-179', fx.R1.id), booking('bk-181', 'sl-181', fx.R2.id)]).execute();
    // 居家隔离 (ADR 0080): a health check and a door event go 180 days after they were taken; the order stays.
    await db.insertInto('quarantine_orders').values({
      id: 'qo-1', resident_id: fx.R1.id, community_id: t.orgs.community.id, grid_id: fx.g1.id, org_path: fx.g1.path, kind: 'home_quarantine', policy_code: 'home7', days: 7,
      sampling_days: '[1,4,7]', checks_per_day: 2, reason: 'close_contact', note: null, start_date: '2025-01-01', end_date: '2025-01-07', sensor_id: null, status: 'released',
      proposed_by: admin.id, proposed_at: ago(190), decided_by: admin.id, decided_at: ago(190), decision_note: null, released_by: admin.id, released_at: ago(182),
      certificate_no: 'JC-20250108-ABCDEF', cancel_reason: null, door_notified_at: null, version: 3,
    }).execute();
    const qcheck = (id: string, days: number) => ({
      id, order_id: 'qo-1', org_path: fx.g1.path, check_date: ago(days).slice(0, 10), slot: 'am', temperature: 36.5, symptoms: '[]', fever: codec.bool(false), note: null,
      checked_by: admin.id, by_self: codec.bool(false), checked_at: ago(days),
    });
    await db.insertInto('quarantine_checks').values([qcheck('qc-179', 179), qcheck('qc-181', 181)]).execute();
    await db.insertInto('quarantine_door_events').values({ id: 'qd-181', order_id: 'qo-1', org_path: fx.g1.path, sensor_id: 'MC-1', event: 'open', at: ago(181), received_at: ago(181) }).execute();
    // 卡口 (ADR 0081): passages and visitors' registrations are whereabouts, gone 28 days after they were made.
    await db.insertInto('gates').values({
      id: 'gt-1', community_id: t.orgs.community.id, grid_id: fx.g1.id, org_path: fx.g1.path, name: '东门', kind: 'pedestrian', location: null, purpose: '疫情防控出入核验',
      signage_on: null, device_id: null, policy: '{}', status: 'active', created_by: admin.id, created_at: ago(400), version: 1,
    }).execute();
    const passage = (id: string, days: number) => ({
      id, gate_id: 'gt-1', org_path: fx.g1.path, device_id: null, event_id: null, direction: 'in', method: 'idcard', subject: 'resident', resident_id: fx.R1.id, visit_id: null,
      vehicle_id: null, claimed_colour: null, match_score: null, decision: 'allow', reasons: '[]', device_time: null, at: ago(days), day: ago(days).slice(0, 10), checked_by: admin.id,
      review_outcome: null, reviewed_by: null, reviewed_at: null, review_note: null,
    });
    await db.insertInto('gate_events').values([passage('ge-27', 27), passage('ge-29', 29)]).execute();
    await db.insertInto('gate_visits').values({
      id: 'gv-29', gate_id: 'gt-1', community_id: t.orgs.community.id, org_path: fx.g1.path, name_enc: 'enc-name', phone_enc: 'enc-phone', phone_bidx: 'bidx-phone', host: '3幢201室',
      reason: 'family', visit_date: ago(29).slice(0, 10), code: 'RXV-ABCDEFGHJK', status: 'registered', created_at: ago(29), entered_at: null,
    }).execute();
    // 健康码 (ADR 0082): a change and an appeal go 180 days after they were made; the mirror's row when unchanged for 180 days.
    await db.insertInto('health_codes').values([
      { resident_id: fx.R1.id, org_path: fx.g1.path, colour: 'green', reason_code: 'upstream', source: 'upstream', since: ago(181), version: 1 },
      { resident_id: fx.R2.id, org_path: fx.g1.path, colour: 'yellow', reason_code: 'risk_area', source: 'manual', since: ago(10), version: 2 },
    ]).execute();
    const change = (id: string, days: number) => ({
      id, resident_id: fx.R2.id, org_path: fx.g1.path, colour: 'yellow', previous: 'green', reason_code: 'risk_area', source: 'manual', note: null, changed_by: admin.id,
      import_id: null, at: ago(days), day: ago(days).slice(0, 10),
    });
    await db.insertInto('health_code_history').values([change('hh-179', 179), change('hh-181', 181)]).execute();
    await db.insertInto('health_appeals').values({
      id: 'ha-181', resident_id: fx.R2.id, org_path: fx.g1.path, colour: 'yellow', reason: '已解除隔离', status: 'rejected', created_by: admin.id, created_at: ago(181),
      day: ago(181).slice(0, 10), decided_by: admin.id, decided_at: ago(180), decision_note: '仍在监测期', version: 2,
    }).execute();
    // 病例与密接 (ADR 0084): a contact goes 180 days after it was recorded; a case keeps its code and dates, its person's name
    // and numbers emptied.
    const kase = (id: string, days: number) => ({
      id, code: `BL-${id}`, org_path: t.orgs.district.path, resident_id: null, name: '外来甲', id_enc: 'enc-id', id_bidx: `bidx-${id}`, id_masked: '310115********0316',
      phone_enc: null, phone_bidx: null, phone_masked: null, classification: 'confirmed', status: 'recovered', onset_on: null, reported_on: ago(days).slice(0, 10),
      exposure_note: '外地返回', source_case_id: null, created_by: admin.id, created_at: ago(days), version: 1,
    });
    await db.insertInto('cases').values([kase('c-179', 179), kase('c-181', 181)]).execute();
    const contact = (id: string, days: number) => ({
      id, case_id: 'c-179', org_path: t.orgs.district.path, kind: 'close', name: '周密', id_enc: null, id_bidx: null, id_masked: null, phone_enc: 'enc-phone', phone_bidx: `bidx-${id}`,
      phone_masked: '137****9999', address: null, exposure_on: ago(days + 2).slice(0, 10), setting: 'dining', note: null, via_contact_id: null, became_case_id: null, list_id: null,
      list_row: null, created_by: admin.id, created_at: ago(days), day: ago(days).slice(0, 10), version: 1,
    });
    await db.insertInto('case_contacts').values([contact('cc-179', 179), contact('cc-181', 181)]).execute();
    // 投诉与举报 (ADR 0086): a complaint's contact and photo are emptied 180 days after it was closed; an open one keeps them.
    const complaint = (id: string, closedDays: number | null) => ({
      id, ticket: `TS-${id}`, code_hash: `h-${id}`, community_id: t.orgs.community.id, org_path: t.orgs.community.path, category: 'other', place: '门口', description: '路灯坏了',
      photo_enc: 'enc-photo', photo_mime: 'image/png', photo_size: 68, contact_enc: 'enc-phone', contact_bidx: `bidx-${id}`, contact_masked: '139****1111', reporter_id: null,
      status: closedDays === null ? 'new' : 'resolved', priority: 'normal', assignee_id: null, due_at: ago(400), overdue_notified_at: null, lane_report_id: null, resolution: null,
      submitted_at: ago(400), day: ago(400).slice(0, 10), closed_at: closedDays === null ? null : ago(closedDays), closed_by: closedDays === null ? null : admin.id, version: 2,
    });
    await db.insertInto('complaints').values([complaint('cp-179', 179), complaint('cp-181', 181), complaint('cp-open', null)]).execute();
    // 志愿者 (ADR 0085): an application goes 90 days after its decision; a pending one stays however old.
    const vapp = (id: string, decided: number | null) => ({
      id, community_id: t.orgs.community.id, org_path: t.orgs.community.path, name: '林志远', phone_enc: 'enc-phone', phone_bidx: `bidx-${id}`, phone_masked: '139****1001',
      skills: '["gate"]', availability: '{"weekdays":["sat"],"bands":["morning"]}', note: null, user_id: null, resident_id: null,
      status: decided === null ? 'pending' : 'rejected', reason: decided === null ? null : '名额已满', decided_by: decided === null ? null : admin.id,
      decided_at: decided === null ? null : ago(decided), created_at: ago(200), version: decided === null ? 1 : 2,
    });
    await db.insertInto('volunteer_applications').values([vapp('va-89', 89), vapp('va-91', 91), vapp('va-open', null)]).execute();
    // 大数据+网格 screening (ADR 0083): a list's rows go 90 days after the import; the list stays with its counts.
    await db.insertInto('screening_lists').values({
      id: 'sl-1', org_id: t.orgs.district.id, org_path: t.orgs.district.path, kind: 'close_contact', title: '密接名单', source: '数据比对组', due_at: ago(91), file_name: 'a.csv',
      rows_total: 2, errors: '[]', status: 'closed', created_by: admin.id, created_at: ago(91), day: ago(91).slice(0, 10), closed_by: admin.id, closed_at: ago(90), close_reason: null,
      done_notified_at: null, version: 2,
    }).execute();
    const entry = (id: string, days: number) => ({
      id, list_id: 'sl-1', row_no: 1, org_path: fx.g1.path, community_id: t.orgs.community.id, grid_id: fx.g1.id, name: '张三', id_enc: 'enc-id', id_bidx: `bidx-${id}`,
      id_masked: '330902********1233', phone_enc: null, phone_bidx: null, phone_masked: null, address: '幸福小区1幢', arrived_on: null, origin: null, note: null, resident_id: fx.R1.id,
      state: 'matched', confidence: 100, evidence: '[]', gate_seen_at: null, status: 'done', outcome: 'not_here', measure: null, outcome_note: null, checked_by: admin.id,
      checked_at: ago(days), created_at: ago(days), day: ago(days).slice(0, 10), version: 2,
    });
    await db.insertInto('screening_entries').values([entry('se-89', 89), entry('se-91', 91)]).execute();
    await db.insertInto('sampling_retests').values({
      id: 'srt-181', round_id: 'sr-round', sample_id: 'ss-181', source_tube_id: 'st-1', person_key: `r:${fx.R2.id}`, resident_id: fx.R2.id, grid_id: fx.g1.id, org_path: fx.g1.path,
      reason: 'positive_pool', status: 'pending', retest_tube_id: null, recalled_on: ago(180).slice(0, 10), created_at: ago(180), updated_at: ago(180),
    }).execute();
  });
  afterAll(async () => t.close());

  const expected = {
    case_contacts: {
      rows: 1, columns: {
        kind: 1, name: 1, id_enc: 0, id_bidx: 0, id_masked: 0, phone_enc: 1, phone_bidx: 1, phone_masked: 1, address: 0, exposure_on: 1, setting: 1, note: 0, created_at: 1, day: 1,
      },
    },
    cases: { rows: 1, columns: { name: 1, id_enc: 1, id_bidx: 1, id_masked: 1, phone_enc: 0, phone_bidx: 0, phone_masked: 0, exposure_note: 1 } },
    complaints: { rows: 1, columns: { photo_enc: 1, photo_mime: 1, photo_size: 1, contact_enc: 1, contact_bidx: 1, contact_masked: 1 } },
    correction_requests: { rows: 1, columns: { proposed_enc: 1, proposed_masked: 1, note_enc: 1, reply: 1 } },
    deletion_requests: { rows: 1, columns: { note_enc: 1, reply: 1 } },
    export_subjects: { rows: 2, columns: { export_id: 2, resident_id: 2 } },
    exports: { rows: 1, columns: { reason: 1, decision_note: 1 } },
    gate_events: {
      rows: 1, columns: { direction: 1, method: 1, subject: 1, claimed_colour: 0, match_score: 0, decision: 1, reasons: 1, device_time: 0, at: 1, day: 1, review_outcome: 0, reviewed_at: 0, review_note: 0 },
    },
    health_appeals: { rows: 1, columns: { colour: 1, reason: 1, status: 1, created_at: 1, day: 1, decided_at: 1, decision_note: 1 } },
    health_code_history: { rows: 1, columns: { colour: 1, previous: 1, reason_code: 1, source: 1, note: 0, at: 1, day: 1 } },
    health_codes: { rows: 1, columns: { colour: 1, reason_code: 1, source: 1, since: 1 } },
    gate_visits: { rows: 1, columns: { name_enc: 1, phone_enc: 1, phone_bidx: 1, host: 1, reason: 1, visit_date: 1, code: 1, status: 1, created_at: 1, entered_at: 0 } },
    idempotency_keys: { rows: 2, columns: { response_body: 2 } },
    import_jobs: { rows: 1, columns: { errors: 1 } },
    minor_access_requests: { rows: 1, columns: { reason: 1, decision_note: 1 } },
    quarantine_checks: { rows: 1, columns: { check_date: 1, slot: 1, temperature: 1, symptoms: 1, fever: 1, note: 0, by_self: 1, checked_at: 1 } },
    quarantine_door_events: { rows: 1, columns: { sensor_id: 1, event: 1, at: 1, received_at: 1 } },
    screening_entries: {
      rows: 1, columns: {
        row_no: 1, name: 1, id_enc: 1, id_bidx: 1, id_masked: 1, phone_enc: 0, phone_bidx: 0, phone_masked: 0, address: 1, arrived_on: 0, origin: 0, note: 0, state: 1, confidence: 1,
        evidence: 1, gate_seen_at: 0, status: 1, outcome: 1, measure: 0, outcome_note: 0, checked_at: 1, created_at: 1, day: 1,
      },
    },
    resident_consents: { rows: 1, columns: { method: 1, note: 1, recorded_at: 1, withdrawn_at: 1, withdraw_method: 1, withdraw_note: 1, given_by: 1, guardian_id: 0, withdraw_guardian_id: 0 } },
    roll_call_items: { rows: 1, columns: { need: 1, note: 1 } },
    sampling_retests: { rows: 1, columns: { person_key: 1, reason: 1, status: 1, recalled_on: 1, created_at: 1 } },
    sampling_samples: { rows: 1, columns: { person_key: 1, walkin_name: 0, walkin_id_enc: 0, walkin_id_bidx: 0, walkin_id_masked: 0, repeat_sample: 1, collected_at: 1, collected_on: 1 } },
    self_reports: { rows: 2, columns: { report_date: 2, temperature: 2, fever: 2, symptoms: 2, note: 1, follow_up_note: 0 } },
    // 服务预约 (ADR 0091): bk-181 (its slot 181 days ago) goes; bk-179 stays although it was made 290 days ago.
    service_bookings: { rows: 1, columns: { resident_id: 1, by_self: 1, note: 1, status: 1, confirmed_at: 1, cancelled_at: 0, cancel_reason: 0, created_at: 1 } },
    volunteer_applications: { rows: 1, columns: { name: 1, phone_enc: 1, phone_bidx: 1, phone_masked: 1, skills: 1, availability: 1, note: 0, reason: 1, created_at: 1 } },
    // Its own line, from the audit purge (ADR 0030): nothing here is past the default 1095 days (audit.purge.test.ts purges).
    audit_log: { rows: 0, columns: {} },
  };
  const byTable = (counts: Array<{ table: string; rows: number; columns: Record<string, number> }>) =>
    Object.fromEntries(counts.map((c) => [c.table, { rows: c.rows, columns: c.columns }]));

  it('dry run: the counts a run would remove, nothing changed, no certificate, no audit row', async () => {
    const auditBefore = await count('audit_log');
    const r = await t.services.retention.dryRun();
    expect(byTable(r.counts)).toEqual(expected);
    expect(r.total).toBe(28);
    expect(await count('self_reports')).toBe(3);
    expect(await count('idempotency_keys')).toBe(3);
    expect(await count('export_subjects')).toBe(3);
    expect(await count('retention_runs')).toBe(0);
    expect(await count('audit_log')).toBe(auditBefore);
  });

  it('deletes or empties what is past its window, keeps what is just inside it and the audit log; certifies and audits the counts', async () => {
    const { db } = t.platform.database;
    const auditBefore = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const cert = await t.services.retention.run(systemActor(null));

    expect((await db.selectFrom('self_reports').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['sr-27']);
    expect((await db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['k-29']);
    // A booking is aged by its slot's time: bk-181 went, bk-179 (made 290 days ago, its slot 179 days ago) stays; both slots stay.
    expect((await db.selectFrom('service_bookings').select('id').execute()).map((r) => r.id)).toEqual(['bk-179']);
    expect(await count('service_slots')).toBe(2);
    const jobs = await db.selectFrom('import_jobs').select(['id', 'errors', 'rows_total', 'imported', 'error_count', 'status']).orderBy('id').execute();
    expect(jobs.map((j) => [j.id, JSON.parse(j.errors).length, Number(j.rows_total), Number(j.imported), Number(j.error_count), j.status])).toEqual([
      ['job-29', 1, 10, 8, 2, 'partial'], ['job-31', 0, 10, 8, 2, 'partial'],
    ]);
    const exps = await db.selectFrom('exports').select(['id', 'reason', 'decision_note', 'status']).orderBy('id').execute();
    expect(exps).toEqual([
      { id: 'exp-1094', reason: '给街道报送名单', decision_note: '同意', status: 'downloaded' }, { id: 'exp-1096', reason: '', decision_note: null, status: 'downloaded' },
    ]);
    expect(await db.selectFrom('export_subjects').select(['export_id', 'resident_id']).execute()).toEqual([{ export_id: 'exp-1094', resident_id: fx.R1.id }]);
    // Roll-call entries stay with their state; only the one checked more than a year ago lost its need and note.
    expect(await db.selectFrom('roll_call_items').select(['id', 'status', 'need', 'note']).orderBy('id').execute()).toEqual([
      { id: 'rci-364', status: 'needs_help', need: 'medicine', note: '降压药快吃完了-rci-364' }, { id: 'rci-366', status: 'needs_help', need: null, note: null },
      { id: 'rci-pending', status: 'pending', need: null, note: null },
    ]);

    // The audit log: every earlier row untouched (the 400- and 181-day-old ones included), one row added, chain intact.
    const auditAfter = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(auditAfter).toHaveLength(auditBefore.length + 1);
    expect(auditAfter.filter((r) => r.action === 'old_event')).toHaveLength(2);
    expect((await t.services.audit.verify()).ok).toBe(true);

    expect(cert).toMatchObject({ seq: 1, total: 28, actor: null, prevHash: '0'.repeat(64) });
    expect((await db.selectFrom('resident_consents').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['rc-1094', 'rc-open']);
    expect((await db.selectFrom('correction_requests').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['cr-364', 'cr-open']);
    expect(byTable(cert.counts)).toEqual(expected);
    const { hash, prevHash, ...body } = cert;
    expect(hash).toBe(certificateHash(prevHash, body));
    const stored = (await t.services.retention.list({ page: 1, pageSize: 10 })).items;
    expect(stored).toEqual([cert]);

    const [row] = await auditRows(t, { action: 'retention' });
    expect(row).toMatchObject({ actor_role: 'system', actor_id: null, object_type: 'retention_run', object_id: cert.id, outcome: 'success' });
    expect(Number(row!.count)).toBe(28);
    // A screening list's row inside its 90 days stays; the list stays with its counts.
    expect((await db.selectFrom('screening_entries').select('id').execute()).map((r) => r.id)).toEqual(['se-89']);
    expect((await db.selectFrom('screening_lists').select('id').execute()).map((r) => r.id)).toEqual(['sl-1']);
    // A case past its window keeps its code and dates, without its person's name and numbers; the newer one is whole.
    expect(await db.selectFrom('cases').select(['id', 'code', 'name', 'id_enc', 'reported_on']).orderBy('id').execute()).toEqual([
      { id: 'c-179', code: 'BL-c-179', name: '外来甲', id_enc: 'enc-id', reported_on: ago(179).slice(0, 10) },
      { id: 'c-181', code: 'BL-c-181', name: null, id_enc: null, reported_on: ago(181).slice(0, 10) },
    ]);
    expect((await db.selectFrom('case_contacts').select('id').execute()).map((r) => r.id)).toEqual(['cc-179']);
    // A complaint closed past its window stays without its contact and photo; the newer one and the open one are whole.
    expect(await db.selectFrom('complaints').select(['id', 'contact_enc', 'photo_enc', 'description']).orderBy('id').execute()).toEqual([
      { id: 'cp-179', contact_enc: 'enc-phone', photo_enc: 'enc-photo', description: '路灯坏了' },
      { id: 'cp-181', contact_enc: null, photo_enc: null, description: '路灯坏了' },
      { id: 'cp-open', contact_enc: 'enc-phone', photo_enc: 'enc-photo', description: '路灯坏了' },
    ]);
    // The tube keeps its barcode and result; only the sample inside the window and no retest are left.
    expect((await db.selectFrom('sampling_samples').select('id').execute()).map((r) => r.id)).toEqual(['ss-179']);
    expect(await count('sampling_retests')).toBe(0);
    expect(await count('sampling_tubes')).toBe(1);
    expect(JSON.parse(row!.fields)).toEqual(expect.arrayContaining(['self_reports.temperature', 'import_jobs.errors', 'idempotency_keys.response_body', 'exports.reason']));
    expect(row!.reason).toContain(cert.hash);
    expect(row!.reason).toContain('self_reports delete 2');
    const text = JSON.stringify([row, stored]);
    for (const pi of ['张三', '给街道报送名单', '身份证号', 'n29', '核对接种登记', '请联系监护人', '纸质同意书存社区档案柜', '电话告知撤回', '降压药', fx.R1.id]) expect(text).not.toContain(pi);
  });

  it('a second run removes nothing more and is still certified, chained to the first; a row crossing its window goes next time', async () => {
    const svc = t.services.retention;
    const second = await svc.run(systemActor('system:cli'));
    expect(second).toMatchObject({ seq: 2, total: 0, actor: 'system:cli' });
    expect(second.counts.every((c) => c.rows === 0 && Object.values(c.columns).every((n) => n === 0))).toBe(true);
    const first = (await svc.list({ page: 2, pageSize: 1 })).items[0];
    expect(second.prevHash).toBe(first!.hash);
    expect((await auditRows(t, { action: 'retention' })).map((r) => Number(r.count))).toEqual([28, 0]);

    t.clock.advance(2 * DAY); // sr-27 is now 29 days old, k-29 and job-29 31 days, exp-1094 and mar-1094 1096 days, cr-364 resolved 366 days ago, rc-1094 withdrawn 1096 days ago
    const third = await svc.run(systemActor(null));
    expect(third.counts.map((c) => [c.table, c.rows])).toEqual([
      ['case_contacts', 1], ['cases', 1], ['complaints', 1], ['correction_requests', 1], ['deletion_requests', 1], ['export_subjects', 1], ['exports', 1], ['gate_events', 1], ['gate_visits', 0], ['health_appeals', 0], ['health_code_history', 1], ['health_codes', 0], ['idempotency_keys', 1], ['import_jobs', 1], ['minor_access_requests', 1],
      ['quarantine_checks', 1], ['quarantine_door_events', 0], ['resident_consents', 1], ['roll_call_items', 1], ['sampling_retests', 0], ['sampling_samples', 1], ['screening_entries', 1], ['self_reports', 1], ['service_bookings', 1], ['volunteer_applications', 1], ['audit_log', 0],
    ]);
    expect(third.total).toBe(20);
    // Deletion requests: the rows stay, only the open one still has its note.
    expect((await t.platform.database.db.selectFrom('deletion_requests').select(['id', 'note_enc', 'reply']).orderBy('id').execute())).toEqual([
      { id: 'dr-364', note_enc: null, reply: null }, { id: 'dr-366', note_enc: null, reply: null }, { id: 'dr-open', note_enc: 'dnote-dr-open', reply: null },
    ]);
    expect((await t.platform.database.db.selectFrom('resident_consents').select('id').execute()).map((r) => r.id)).toEqual(['rc-open']);
    expect((await t.platform.database.db.selectFrom('minor_access_requests').select('id').execute())).toEqual([]);
    expect((await t.platform.database.db.selectFrom('correction_requests').select('id').execute()).map((r) => r.id)).toEqual(['cr-open']);
    expect(await count('self_reports')).toBe(0);
    expect(await count('idempotency_keys')).toBe(0);
    expect((await svc.verify())).toEqual({ ok: true, checked: 3, firstBrokenSeq: null });
    const page = await svc.list({ page: 1, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((c) => c.seq)).toEqual([3, 2]);
  });

  it('works in chunks (one transaction per chunk) and counts across them', async () => {
    const { db, writes } = t.platform.database;
    const admin = (await t.services.auth.findByUsername('admin'))!;
    await db.insertInto('idempotency_keys').values(Array.from({ length: 8 }, (_, i) => ({
      actor_id: admin.id, key: `chunk-${i}`, request_hash: 'x', status_code: 200, response_body: '{}', created_at: ago(40),
    }))).execute();
    const svc = createRetentionService(t.platform.database, t.services.audit, () => t.clock.now(), { chunk: 3 });
    const batches = writes.stats.batches;
    const cert = await svc.run(systemActor(null));
    expect(cert.counts.find((c) => c.table === 'idempotency_keys')!.rows).toBe(8);
    expect(await count('idempotency_keys')).toBe(0);
    // 3 + 3 + 2 for the keys, one empty look per other rule, and the certificate.
    expect(writes.stats.batches - batches).toBeGreaterThanOrEqual(3 + 4 + 1);
    expect((await svc.verify()).ok).toBe(true);
  });

  it('certificates are append-only', async () => {
    const { db } = t.platform.database;
    await expect(sql`delete from retention_runs`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update retention_runs set total = 0`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('emptied columns without a replacement value may be NULL in the live schema (both dialects)', async () => {
    const { db } = t.platform.database;
    for (const r of retentionRules().filter((x) => x.action === 'clear')) {
      for (const c of r.columns.filter((x) => r.clearTo[x] === null)) {
        const nullable = TEST_DIALECT === 'sqlite'
          ? (await sql<{ notnull: number }>`select "notnull" from pragma_table_info(${r.table}) where name = ${c}`.execute(db)).rows[0]?.notnull === 0
          : (await sql<{ is_nullable: string }>`select is_nullable from information_schema.columns where table_schema = current_schema() and table_name = ${r.table} and column_name = ${c}`.execute(db)).rows[0]?.is_nullable === 'YES';
        expect(nullable, `${r.table}.${c}`).toBe(true);
      }
    }
  });

  it('GET /api/admin/retention-runs: certificates newest first for the auditor and the security admin; 403 for others', async () => {
    const aud = await as(t, await t.login('auditor')).get('/api/admin/retention-runs?pageSize=2');
    expect(aud.statusCode).toBe(200);
    expect(aud.json()).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(aud.json().items.map((c: { seq: number }) => c.seq)).toEqual([4, 3]);
    expect(aud.json().items[1]).toMatchObject({ total: 20, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await as(t, await t.login('secadmin')).get('/api/admin/retention-runs')).statusCode).toBe(200);
    expect((await as(t, await t.login('admin')).get('/api/admin/retention-runs')).statusCode).toBe(403);
    expect((await as(t, await t.login('sysadmin')).get('/api/admin/retention-runs')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/retention-runs' })).statusCode).toBe(401);
  });
});

// One spawned CLI run (≈ 5 s): SQLite only, the command opens the test's database file; it runs on the real clock.
describe.skipIf(TEST_DIALECT !== 'sqlite')('renxing retention run (operator command line)', () => {
  it('runs the job and prints the certificate as JSON; audited as the CLI', async () => {
    const t = await createTestApp({ clockStart: new Date().toISOString() });
    try {
      const { db, codec, sqlite } = t.platform.database;
      const admin = (await t.services.auth.findByUsername('admin'))!;
      await db.insertInto('idempotency_keys').values({
        actor_id: admin.id, key: 'cli-old', request_hash: 'x', status_code: 200, response_body: '{}', created_at: codec.ts(new Date(Date.now() - 40 * DAY)),
      }).execute();
      sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../../bin/renxing.mjs'), 'retention', 'run', '--json'], {
        env: { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' },
        encoding: 'utf8', timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const cert = JSON.parse(r.stdout);
      expect(cert).toMatchObject({ dryRun: false, seq: 1, total: 1, actor: 'system:cli' });
      expect(cert.counts.find((c: { table: string }) => c.table === 'idempotency_keys')).toMatchObject({ rows: 1, columns: { response_body: 1 } });
      expect(await db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
      expect((await t.services.retention.list({ page: 1, pageSize: 5 })).items.map((c) => c.hash)).toEqual([cert.hash]);
      expect(await auditRows(t, { action: 'retention' })).toMatchObject([{ actor_id: 'system:cli', object_id: cert.id }]);
    } finally {
      await t.close();
    }
  });
});
