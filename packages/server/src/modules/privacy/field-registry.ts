/**
 * Field classification registry — the single source of truth (SECURITY.md §6.1) that serialisers, exports, log
 * scrubbing and the retention job read. A test fails when a database column is missing here.
 */
export type FieldClass = 'general' | 'personal' | 'sensitive' | 'special' | 'technical';
export type MaskRule = 'none' | 'cnId' | 'phone' | 'name' | 'address' | 'room' | 'hidden';
export type LegalBasis = 'statutory_duty' | 'public_health_emergency' | 'consent' | 'separate_consent' | 'operations';

export type FieldPolicy = {
  class: FieldClass;
  basis: LegalBasis;
  purpose: string[];
  mask: MaskRule;
  /** Permission needed to see plaintext (null = anyone who may read the record). */
  reveal: string | null;
  exportable: 'never' | 'masked' | 'withApproval' | 'yes';
  /** `sessionEnd`: kept only while the session lives (deleted with it: logout, sign-out, timeout, housekeeping, Redis TTL). */
  retention: { days: number | null; from: 'created' | 'lastUpdate' | 'emergencyEnd' | 'consentWithdrawn' | 'sessionEnd' | 'never' };
  encryptedAtRest?: boolean;
  blindIndex?: boolean;
  /** Derived from another column (masked copy, search key) — follows that column's fate. */
  derivedFrom?: string;
};

const tech = (purpose = 'system'): FieldPolicy => ({
  class: 'technical', basis: 'operations', purpose: [purpose], mask: 'none', reveal: null, exportable: 'yes', retention: { days: null, from: 'never' },
});
const general = (purpose: string, exportable: FieldPolicy['exportable'] = 'yes'): FieldPolicy => ({
  class: 'general', basis: 'statutory_duty', purpose: [purpose], mask: 'none', reveal: null, exportable, retention: { days: null, from: 'never' },
});
const personal = (purpose: string, mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'personal', basis: 'statutory_duty', purpose: [purpose], mask, reveal: null, exportable: 'masked', retention: { days: null, from: 'lastUpdate' }, ...extra,
});
const sensitive = (purpose: string, extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'sensitive', basis: 'separate_consent', purpose: [purpose], mask: 'none', reveal: null, exportable: 'withApproval', retention: { days: null, from: 'consentWithdrawn' }, ...extra,
});
const audit = (): FieldPolicy => ({
  class: 'technical', basis: 'statutory_duty', purpose: ['accountability'], mask: 'none', reveal: 'audit:read', exportable: 'never', retention: { days: 180, from: 'created' },
});

/** Correction requests (ADR 0028): a year after they were resolved (`resolved_at`); open ones are kept. */
const CORRECTION_RETENTION: FieldPolicy['retention'] = { days: 365, from: 'lastUpdate' };
/** Minors' data requests (ADR 0035): 3 years after the request ended (decided, lapsed, or its grant ran out: `expires_at`). */
const MINOR_ACCESS_RETENTION: FieldPolicy['retention'] = { days: 1095, from: 'lastUpdate' };
/** Deletion requests (ADR 0037): note and reply a year after the decision (`decided_at`); open ones are kept. */
const DELETION_RETENTION: FieldPolicy['retention'] = { days: 365, from: 'lastUpdate' };
/** Consent records (ADR 0033): kept while the consent is valid, and 3 years after its withdrawal as proof, then deleted. */
const CONSENT_PROOF: FieldPolicy['retention'] = { days: 1095, from: 'consentWithdrawn' };
/** A quarantine health check or door event (ADR 0080): health and movement data under statutory duty, 180 days. */
const QCHECK = (): FieldPolicy => ({
  class: 'sensitive', basis: 'statutory_duty', purpose: ['epidemic.quarantine'], mask: 'none', reveal: null, exportable: 'withApproval', retention: { days: 180, from: 'created' },
});
/** A passage through a gate or a visitor's registration (ADR 0081): whereabouts (行踪轨迹), 28 days (SECURITY retention). */
const GATE = (mask: MaskRule = 'none'): FieldPolicy => ({
  class: 'sensitive', basis: 'public_health_emergency', purpose: ['epidemic.gates'], mask, reveal: null, exportable: 'withApproval', retention: { days: 28, from: 'created' },
});
/** A health-code change or appeal (ADR 0082): sensitive, public-health-emergency basis, 180 days from the change. */
const HCODE = (): FieldPolicy => ({
  class: 'sensitive', basis: 'public_health_emergency', purpose: ['epidemic.health_code'], mask: 'none', reveal: null, exportable: 'withApproval', retention: { days: 180, from: 'created' },
});
/** The mirror's current colour: the authority's data, dropped when it has not changed for 180 days (then: unknown). */
const HCURRENT = (): FieldPolicy => ({
  class: 'sensitive', basis: 'statutory_duty', purpose: ['epidemic.health_code'], mask: 'none', reveal: null, exportable: 'withApproval', retention: { days: 180, from: 'lastUpdate' },
});
/** A row of an upper-level screening list (ADR 0083): who the authority says is a contact / returnee, matched and checked; 90 days. */
const SCREEN = (mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'sensitive', basis: 'public_health_emergency', purpose: ['epidemic.screening'], mask, reveal: null, exportable: 'withApproval', retention: { days: 90, from: 'created' }, ...extra,
});
/** A case's person or a contact (ADR 0084): health data of an identified person, 180 days from the record. */
const CASE = (mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'sensitive', basis: 'public_health_emergency', purpose: ['epidemic.cases'], mask, reveal: null, exportable: 'withApproval', retention: { days: 180, from: 'created' }, ...extra,
});
/** A complaint's contact and photo (ADR 0086): personal data of the reporter, emptied 180 days after it was closed. */
const COMPLAINT = (mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'personal', basis: 'statutory_duty', purpose: ['complaint'], mask, reveal: null, exportable: 'masked', retention: { days: 180, from: 'lastUpdate' }, ...extra,
});
/** A volunteer's application (ADR 0085): given by the applicant; 90 days after the decision (approved → on the roster), pending ones kept. */
const VAPP = (mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'personal', basis: 'consent', purpose: ['service.volunteers'], mask, reveal: null, exportable: 'masked', retention: { days: 90, from: 'lastUpdate' }, ...extra,
});
/** A volunteer on the roster and their service record (ADR 0085): kept while they serve; a resident's erasure empties them. */
const VOL = (mask: MaskRule = 'none', extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'personal', basis: 'consent', purpose: ['service.volunteers'], mask, reveal: null, exportable: 'masked', retention: { days: null, from: 'lastUpdate' }, ...extra,
});
/** A sample and its retest (ADR 0079): health data on the public-health-emergency basis, 180 days from the sample. */
const SAMPLE = (mask: MaskRule): FieldPolicy => ({
  class: 'sensitive', basis: 'public_health_emergency', purpose: ['epidemic.sampling'], mask, reveal: null, exportable: 'withApproval', retention: { days: 180, from: 'created' },
});

/** A partner unit's contact person and mobile (ADR 0091): given by the organisation; masked, shown in full to partner:manage (audited). */
const PCONTACT = (mask: MaskRule, extra: Partial<FieldPolicy> = {}): FieldPolicy => ({
  class: 'personal', basis: 'consent', purpose: ['service.partners'], mask, reveal: 'partner:manage', exportable: 'masked', retention: { days: null, from: 'lastUpdate' }, ...extra,
});
/** A resident's booking of a service (counselling, ADR 0091): sensitive — seen by the resident, who booked it and the organisation's people; 180 days. */
const BOOKING = (): FieldPolicy => ({
  class: 'sensitive', basis: 'consent', purpose: ['service.partners'], mask: 'none', reveal: null, exportable: 'never', retention: { days: 180, from: 'lastUpdate' },
});

export const FIELD_REGISTRY: Record<string, Record<string, FieldPolicy>> = {
  orgs: { id: tech(), parent_id: tech(), level: general('org'), code: general('org'), name: general('org'), path: tech(), created_at: tech() },
  users: {
    id: tech(), username: personal('accounts'), display_name: personal('accounts'), password_hash: { ...tech('auth'), mask: 'hidden', exportable: 'never' },
    role: general('accounts'), org_id: tech(), status: general('accounts'), must_change_password: tech('auth'), password_changed_at: tech('auth'),
    created_at: tech(), updated_at: tech(), version: tech(),
    mfa_secret_enc: { ...tech('auth'), mask: 'hidden', exportable: 'never', encryptedAtRest: true },
    mfa_pending_enc: { ...tech('auth'), mask: 'hidden', exportable: 'never', encryptedAtRest: true },
    mfa_enabled_at: tech('auth'), mfa_last_step: tech('auth'),
  },
  login_throttle: { key: { ...tech('auth'), blindIndex: true }, failures: tech('auth'), window_started_at: tech('auth'), locked_until: tech('auth') },
  sessions: {
    id: { ...tech('auth'), mask: 'hidden' }, user_id: tech('auth'), csrf_token: { ...tech('auth'), mask: 'hidden', exportable: 'never' }, created_at: tech(),
    last_seen_at: tech(), expires_at: tech(), user_agent_hash: tech('security'), mfa_at: tech('auth'),
    // When the user last re-entered the password in this session (step-up after many records opened, ADR 0034).
    step_up_at: tech('auth'),
    // 登录设备 (ADR 0026): coarse label and network part only (no raw User-Agent, no full address); gone with the session.
    device_label: personal('security', 'none', { exportable: 'never', retention: { days: null, from: 'sessionEnd' } }),
    ip_network: personal('security', 'none', { exportable: 'never', retention: { days: null, from: 'sessionEnd' } }),
  },
  api_tokens: {
    id: tech(), name: general('integrations'), token_hash: { ...tech('auth'), mask: 'hidden', exportable: 'never' }, role: general('integrations'), org_id: tech(),
    scopes: general('integrations'), created_by: tech(), created_at: tech(), expires_at: tech(), revoked_at: tech(), last_used_at: tech(),
  },
  idempotency_keys: {
    actor_id: tech('reliability'), key: tech('reliability'), request_hash: tech('reliability'),
    status_code: tech('reliability'), response_body: { ...tech('reliability'), class: 'personal', mask: 'hidden', exportable: 'never', retention: { days: 30, from: 'created' } },
    created_at: tech(),
  },
  audit_log: Object.fromEntries(
    ['id', 'ts', 'actor_id', 'actor_role', 'actor_org', 'session_id', 'ip', 'user_agent_hash', 'action', 'object_type', 'object_id', 'subject_id', 'fields', 'purpose', 'reason', 'outcome', 'severity', 'request_id', 'count', 'prev_hash', 'hash'].map((c) => [c, audit()]),
  ),
  audit_head: { id: tech(), last_id: tech(), last_hash: tech() },
  // Which residents a list, search or household answer showed (ADR 0046): part of the audit row (its hash covers them),
  // purged with it, ids only.
  audit_disclosures: { audit_id: audit(), resident_id: audit() },
  duty_logs: {
    id: tech(), org_id: tech(), org_path: tech(), author_id: tech(), category: general('command'), content: personal('command'), occurred_at: general('command'), created_at: tech(),
    follow_up: general('command'), closes_id: tech(), warning_alert_id: tech(),
  },
  // 关爱点名 (ADR 0073): a roll call names no one; its items say who was reached and what they need (the need may be
  // health-related: 就医, 买药), emptied a year after the check; the state stays for the counts.
  roll_calls: {
    id: tech(), org_id: tech(), org_path: tech(), grid_id: tech(), title: general('service.assistance'), tags: general('service.assistance'),
    started_by: tech(), started_at: general('service.assistance'), due_at: general('service.assistance'), closed_at: general('service.assistance'), closed_by: tech(),
    overdue_notified_at: tech(), total: general('service.assistance'), version: tech(),
  },
  roll_call_items: {
    id: tech(), roll_call_id: tech(), resident_id: tech(), grid_id: tech(), org_path: tech(), status: general('service.assistance'),
    need: sensitive('service.assistance', { basis: 'statutory_duty', retention: { days: 365, from: 'lastUpdate' } }),
    method: general('service.assistance'),
    note: sensitive('service.assistance', { basis: 'statutory_duty', retention: { days: 365, from: 'lastUpdate' } }),
    attempts: general('service.assistance'), checked_by: tech(), checked_at: tech(), version: tech(), seq: tech(),
  },
  // 三无小区管控点 (ADR 0074): places and staff, no residents. The note and the resolution are free text about a place,
  // classified personal as the duty log's content is (a worker may still name someone).
  control_points: {
    id: tech(), compound_id: tech(), community_id: tech(), org_path: tech(), lead_user_id: tech(), interval_hours: general('command'),
    last_patrol_at: general('command'), due_notified_at: tech(), created_by: tech(), created_at: tech(), version: tech(),
  },
  control_point_patrols: {
    id: tech(), point_id: tech(), org_path: tech(), patrolled_by: tech(), patrolled_at: general('command'), checks: general('command'), problems: general('command'),
    note: personal('command'), resolved_at: general('command'), resolved_by: tech(), resolution: personal('command'), version: tech(),
  },
  // 物资保障 (ADR 0075): stock names no resident; the donor / recipient and notes are free text classified personal (a
  // worker may still name someone), as the duty log's content is. A round's lines snapshot the household's care tags
  // (health data of its members: special, as the registry's tags) and its size.
  supply_items: { id: tech(), name: general('command'), unit: general('command'), category: general('command'), created_by: tech(), created_at: tech() },
  supply_warehouses: {
    id: tech(), org_id: tech(), org_path: tech(), name: general('command'), address: general('command'), keeper_user_id: tech(), movement_seq: tech(), created_by: tech(), created_at: tech(), version: tech(),
  },
  supply_stock: { warehouse_id: tech(), item_id: tech(), quantity: general('command'), updated_at: tech() },
  supply_movements: {
    id: tech(), warehouse_id: tech(), seq: tech(), item_id: tech(), org_path: tech(), kind: general('command'), quantity: general('command'), balance: general('command'),
    party: personal('supplies'), note: personal('supplies'), round_id: tech(), offer_id: tech(), created_by: tech(), created_at: tech(),
  },
  supply_rounds: {
    id: tech(), org_id: tech(), org_path: tech(), grid_id: tech(), title: general('command'), item_id: tech(), warehouse_id: tech(), rule: general('command'),
    tags: general('command'), weights: general('command'), per_household: general('command'), per_person: general('command'), supply: general('command'),
    households: general('command'), total_demand: general('command'), allocated: general('command'), returned: general('command'), status: general('command'),
    created_by: tech(), created_at: tech(), closed_by: tech(), closed_at: tech(), version: tech(),
  },
  supply_round_lines: {
    id: tech(), round_id: tech(), seq: tech(), household_id: tech(), head_resident_id: tech(), grid_id: tech(), org_path: tech(),
    members: general('service.assistance'), tags: sensitive('service.assistance', { basis: 'statutory_duty' }), weight: general('service.assistance'),
    demand: general('service.assistance'), quantity: general('service.assistance'), status: general('service.assistance'), method: general('service.assistance'),
    note: personal('service.assistance'), delivered_by: tech(), delivered_at: tech(), version: tech(),
  },
  // 物资预约 (ADR 0076): the offer and its slots name no one; a reservation is a household's (its head as the subject).
  supply_offers: {
    id: tech(), org_id: tech(), org_path: tech(), title: general('command'), item_id: tech(), warehouse_id: tech(), quota: general('command'), total: general('command'),
    place: general('command'), opens_at: general('command'), closes_at: general('command'), priority_hours: general('command'), status: general('command'),
    returned: general('command'), created_by: tech(), created_at: tech(), closed_by: tech(), closed_at: tech(), version: tech(),
  },
  supply_offer_slots: { id: tech(), offer_id: tech(), starts_at: general('command'), ends_at: general('command'), capacity: general('command') },
  supply_reservations: {
    id: tech(), offer_id: tech(), slot_id: tech(), household_id: tech(), head_resident_id: tech(), reserved_by: tech(), by_resident: general('service.assistance'),
    quantity: general('service.assistance'), code: general('service.assistance'), status: general('service.assistance'), created_at: tech(), picked_up_by: tech(),
    picked_up_at: general('service.assistance'), version: tech(),
  },
  // 问卷调查 (ADR 0077): the survey names no one; an answer sheet may (a written answer), and a named survey's keeps the
  // account. Who answered is kept without time or link to the answer.
  surveys: {
    id: tech(), org_id: tech(), org_path: tech(), title: general('survey'), description: general('survey'), anonymous: general('survey'), results_public: general('survey'),
    questions: general('survey'), status: general('survey'), opened_at: general('survey'), closes_at: general('survey'), closed_at: general('survey'), closed_by: tech(),
    created_by: tech(), created_at: tech(), version: tech(),
  },
  survey_participants: { survey_id: tech(), user_id: tech() },
  survey_responses: {
    id: tech(), survey_id: tech(), channel: general('survey'), user_id: tech(), entered_by: tech(), answers: personal('survey'), given_on: general('survey'), created_at: tech(),
  },
  // 应急避难场所与应急通道 (ADR 0078): places, and reports about places. The texts are free text classified personal as
  // the duty log's is (someone may still be named); a resident reporter is kept as the account only.
  shelters: {
    id: tech(), community_id: tech(), org_path: tech(), name: general('command'), kind: general('command'), address: general('command'), capacity: general('command'),
    area_m2: general('command'), facilities: general('command'), status: general('command'), interval_days: general('command'), last_inspected_at: general('command'),
    created_by: tech(), created_at: tech(), version: tech(),
  },
  shelter_inspections: {
    id: tech(), shelter_id: tech(), org_path: tech(), inspected_by: tech(), inspected_at: general('command'), checks: general('command'), problems: general('command'),
    note: personal('command'),
  },
  emergency_lanes: {
    id: tech(), community_id: tech(), org_path: tech(), name: general('command'), kind: general('command'), location: general('command'), created_by: tech(), created_at: tech(), version: tech(),
  },
  lane_settings: { community_id: tech(), org_path: tech(), clearance_hours: general('command'), updated_by: tech(), updated_at: tech() },
  // 核酸采样 (ADR 0079): sites, rounds, tubes and result imports hold no personal data (a barcode and a result are not a
  // person's until a sample names them). A sample (who was sampled when) and a retest are health data collected on the
  // public-health-emergency basis: deleted 180 days after the sample was taken, or N days after the emergency of their
  // area ended (retention job, `collected_on`); a walk-in's ID number is encrypted with its blind index and masked copy.
  sampling_sites: {
    id: tech(), community_id: tech(), org_path: tech(), name: general('epidemic.sampling'), address: general('epidemic.sampling'), stations: general('epidemic.sampling'),
    active: general('epidemic.sampling'), created_by: tech(), created_at: tech(), version: tech(),
  },
  sampling_rounds: {
    id: tech(), community_id: tech(), org_path: tech(), name: general('epidemic.sampling'), round_date: general('epidemic.sampling'), pool_size: general('epidemic.sampling'),
    note: personal('epidemic.sampling'), status: general('epidemic.sampling'), created_by: tech(), created_at: tech(), closed_at: tech(), closed_by: tech(), version: tech(),
  },
  sampling_result_imports: {
    id: tech(), round_id: tech(), org_path: tech(), file_name: general('epidemic.sampling'), rows_total: general('epidemic.sampling'), applied: general('epidemic.sampling'),
    unchanged: general('epidemic.sampling'), positives: general('epidemic.sampling'), invalids: general('epidemic.sampling'), errors: general('epidemic.sampling'),
    imported_by: tech(), imported_at: tech(),
  },
  sampling_tubes: {
    id: tech(), round_id: tech(), org_path: tech(), barcode: general('epidemic.sampling'), site_id: tech(), station: general('epidemic.sampling'),
    door_to_door: general('epidemic.sampling'), pool_size: general('epidemic.sampling'), members: general('epidemic.sampling'), collected_by: tech(),
    sealed_at: general('epidemic.sampling'), result: general('epidemic.sampling'), result_at: general('epidemic.sampling'), result_import_id: tech(),
  },
  sampling_samples: {
    id: tech(), tube_id: tech(), round_id: tech(), position: tech(), person_key: { ...SAMPLE('hidden'), blindIndex: true, exportable: 'never' }, resident_id: tech(), grid_id: tech(), org_path: tech(),
    walkin_name: SAMPLE('name'), walkin_id_enc: { ...SAMPLE('cnId'), encryptedAtRest: true, exportable: 'never' },
    walkin_id_bidx: { ...SAMPLE('hidden'), blindIndex: true, exportable: 'never', derivedFrom: 'walkin_id_enc' },
    walkin_id_masked: { ...SAMPLE('none'), derivedFrom: 'walkin_id_enc' }, repeat_sample: SAMPLE('none'), collected_at: SAMPLE('none'), collected_on: SAMPLE('none'),
  },
  sampling_retests: {
    id: tech(), round_id: tech(), sample_id: tech(), source_tube_id: tech(), person_key: { ...SAMPLE('hidden'), blindIndex: true, exportable: 'never' }, resident_id: tech(),
    grid_id: tech(), org_path: tech(), reason: SAMPLE('none'), status: SAMPLE('none'), retest_tube_id: tech(), recalled_on: SAMPLE('none'), created_at: SAMPLE('none'), updated_at: tech(),
  },
  // 居家隔离 (ADR 0080): an order restricts a person's liberty and stays as its record (statutory duty); the health
  // checks and door events are health and movement data, deleted 180 days after they were taken; needs stay with the order.
  quarantine_orders: {
    id: tech(), resident_id: tech(), community_id: tech(), grid_id: tech(), org_path: tech(), kind: personal('epidemic.quarantine'), policy_code: personal('epidemic.quarantine'),
    days: personal('epidemic.quarantine'), sampling_days: personal('epidemic.quarantine'), checks_per_day: personal('epidemic.quarantine'), reason: personal('epidemic.quarantine'),
    note: personal('epidemic.quarantine'), start_date: personal('epidemic.quarantine'), end_date: personal('epidemic.quarantine'), sensor_id: personal('epidemic.quarantine'),
    status: personal('epidemic.quarantine'), proposed_by: tech(), proposed_at: tech(), decided_by: tech(), decided_at: tech(), decision_note: personal('epidemic.quarantine'),
    released_by: tech(), released_at: personal('epidemic.quarantine'), certificate_no: personal('epidemic.quarantine'), cancel_reason: personal('epidemic.quarantine'),
    door_notified_at: tech(), version: tech(),
  },
  quarantine_checks: {
    id: tech(), order_id: tech(), org_path: tech(), check_date: QCHECK(), slot: QCHECK(), temperature: QCHECK(), symptoms: QCHECK(), fever: QCHECK(), note: QCHECK(),
    checked_by: tech(), by_self: QCHECK(), checked_at: QCHECK(),
  },
  quarantine_door_events: { id: tech(), order_id: tech(), org_path: tech(), sensor_id: QCHECK(), event: QCHECK(), at: QCHECK(), received_at: QCHECK() },
  quarantine_needs: {
    id: tech(), order_id: tech(), org_path: tech(), kind: personal('epidemic.quarantine'), detail: personal('epidemic.quarantine'), status: personal('epidemic.quarantine'),
    created_by: tech(), by_self: personal('epidemic.quarantine'), created_at: tech(), taken_by: tech(), taken_at: tech(), done_note: personal('epidemic.quarantine'), done_at: tech(),
    version: tech(),
  },
  gates: {
    id: tech(), community_id: tech(), grid_id: tech(), org_path: tech(), name: general('epidemic.gates'), kind: general('epidemic.gates'), location: general('epidemic.gates'),
    purpose: general('epidemic.gates'), signage_on: general('epidemic.gates'), device_id: general('epidemic.gates'), device_mismatches: tech(), device_held_at: tech(), policy: general('epidemic.gates'),
    status: general('epidemic.gates'), created_by: tech(), created_at: tech(), version: tech(),
  },
  gate_visits: {
    id: tech(), gate_id: tech(), community_id: tech(), org_path: tech(), name_enc: { ...GATE('name'), encryptedAtRest: true }, phone_enc: { ...GATE('phone'), encryptedAtRest: true },
    phone_bidx: { ...GATE('hidden'), blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }, host: GATE('room'), reason: GATE(), visit_date: GATE(), code: { ...GATE('hidden'), exportable: 'never' },
    status: GATE(), created_at: GATE(), entered_at: GATE(),
  },
  gate_vehicles: {
    id: tech(), community_id: tech(), org_path: tech(), plate_enc: personal('epidemic.gates', 'hidden', { encryptedAtRest: true }),
    plate_bidx: personal('epidemic.gates', 'hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'plate_enc' }), plate_masked: personal('epidemic.gates', 'none', { derivedFrom: 'plate_enc' }),
    kind: personal('epidemic.gates'), resident_id: tech(), note: personal('epidemic.gates'), created_by: tech(), created_at: tech(), version: tech(),
  },
  gate_events: {
    id: tech(), gate_id: tech(), org_path: tech(), device_id: tech(), event_id: tech(), direction: GATE(), method: GATE(), subject: GATE(), resident_id: tech(), visit_id: tech(),
    vehicle_id: tech(), claimed_colour: GATE(), match_score: GATE(), decision: GATE(), reasons: GATE(), device_time: GATE(), at: GATE(), day: GATE(), checked_by: tech(),
    review_outcome: GATE(), reviewed_by: tech(), reviewed_at: GATE(), review_note: GATE(),
  },
  health_codes: { resident_id: tech(), org_path: tech(), colour: HCURRENT(), reason_code: HCURRENT(), source: HCURRENT(), since: HCURRENT(), version: tech() },
  health_code_history: {
    id: tech(), resident_id: tech(), org_path: tech(), colour: HCODE(), previous: HCODE(), reason_code: HCODE(), source: HCODE(), note: HCODE(), changed_by: tech(),
    import_id: tech(), at: HCODE(), day: HCODE(),
  },
  health_code_imports: {
    id: tech(), org_path: tech(), file_name: general('epidemic.health_code'), rows_total: general('epidemic.health_code'), applied: general('epidemic.health_code'),
    unchanged: general('epidemic.health_code'), errors: general('epidemic.health_code'), created_by: tech(), created_at: tech(),
  },
  health_appeals: {
    id: tech(), resident_id: tech(), org_path: tech(), colour: HCODE(), reason: HCODE(), status: HCODE(), created_by: tech(), created_at: HCODE(), day: HCODE(), decided_by: tech(),
    decided_at: HCODE(), decision_note: HCODE(), version: tech(),
  },
  screening_lists: {
    id: tech(), org_id: tech(), org_path: tech(), kind: general('epidemic.screening'), title: general('epidemic.screening'), source: general('epidemic.screening'),
    due_at: general('epidemic.screening'), file_name: general('epidemic.screening'), rows_total: general('epidemic.screening'), errors: general('epidemic.screening'),
    status: general('epidemic.screening'), created_by: tech(), created_at: tech(), day: tech(), closed_by: tech(), closed_at: tech(), close_reason: general('epidemic.screening'),
    done_notified_at: tech(), version: tech(),
  },
  screening_entries: {
    id: tech(), list_id: tech(), row_no: SCREEN(), org_path: tech(), community_id: tech(), grid_id: tech(), name: SCREEN('name'),
    id_enc: SCREEN('cnId', { encryptedAtRest: true }), id_bidx: SCREEN('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'id_enc' }),
    id_masked: SCREEN('none', { derivedFrom: 'id_enc' }), phone_enc: SCREEN('phone', { encryptedAtRest: true }),
    phone_bidx: SCREEN('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }), phone_masked: SCREEN('none', { derivedFrom: 'phone_enc' }),
    address: SCREEN('address'), arrived_on: SCREEN(), origin: SCREEN(), note: SCREEN(), resident_id: tech(), state: SCREEN(), confidence: SCREEN(), evidence: SCREEN(),
    gate_seen_at: SCREEN(), status: SCREEN(), outcome: SCREEN(), measure: SCREEN(), outcome_note: SCREEN(), checked_by: tech(), checked_at: SCREEN(), created_at: SCREEN(),
    day: SCREEN(), version: tech(),
  },
  cases: {
    id: tech(), code: general('epidemic.cases'), org_path: tech(), resident_id: tech(), name: CASE('name'), id_enc: CASE('cnId', { encryptedAtRest: true }),
    id_bidx: CASE('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'id_enc' }), id_masked: CASE('none', { derivedFrom: 'id_enc' }),
    phone_enc: CASE('phone', { encryptedAtRest: true }), phone_bidx: CASE('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }),
    phone_masked: CASE('none', { derivedFrom: 'phone_enc' }), classification: general('epidemic.cases'), status: general('epidemic.cases'), onset_on: general('epidemic.cases'),
    reported_on: general('epidemic.cases'), exposure_note: CASE(), source_case_id: tech(), created_by: tech(), created_at: tech(), version: tech(),
  },
  case_contacts: {
    id: tech(), case_id: tech(), org_path: tech(), kind: CASE(), name: CASE('name'), id_enc: CASE('cnId', { encryptedAtRest: true }),
    id_bidx: CASE('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'id_enc' }), id_masked: CASE('none', { derivedFrom: 'id_enc' }),
    phone_enc: CASE('phone', { encryptedAtRest: true }), phone_bidx: CASE('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }),
    phone_masked: CASE('none', { derivedFrom: 'phone_enc' }), address: CASE('address'), exposure_on: CASE(), setting: CASE(), note: CASE(), via_contact_id: tech(),
    became_case_id: tech(), list_id: tech(), list_row: tech(), created_by: tech(), created_at: CASE(), day: CASE(), version: tech(),
  },
  // 政务公开与群众监督 (ADR 0086): announcements are public text of an org; a complaint's free text is the reporter's
  // account of a matter (no ID or mobile numbers allowed in it); its contact mobile (encrypted, blind index, masked copy)
  // and photo (encrypted) are emptied 180 days after it was closed (retention job, `closed_at`).
  announcements: {
    id: tech(), org_id: tech(), org_path: tech(), category: general('public_info'), title: general('public_info'), body: general('public_info'), status: general('public_info'),
    pinned: general('public_info'), publish_at: general('public_info'), withdrawn_at: general('public_info'), withdrawn_by: tech(), withdraw_reason: general('public_info'),
    created_by: tech(), created_at: tech(), updated_by: tech(), updated_at: tech(), version: tech(),
  },
  announcement_versions: {
    id: tech(), announcement_id: tech(), org_path: tech(), version: tech(), category: general('public_info'), title: general('public_info'), body: general('public_info'),
    edited_by: tech(), edited_at: tech(),
  },
  complaints: {
    id: tech(), ticket: general('complaint'), code_hash: tech(), community_id: tech(), org_path: tech(),
    category: general('complaint'), place: personal('complaint'), description: personal('complaint'),
    photo_enc: COMPLAINT('hidden', { encryptedAtRest: true, exportable: 'never' }), photo_mime: COMPLAINT('none', { derivedFrom: 'photo_enc' }), photo_size: COMPLAINT('none', { derivedFrom: 'photo_enc' }),
    contact_enc: COMPLAINT('phone', { encryptedAtRest: true }), contact_bidx: COMPLAINT('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'contact_enc' }),
    contact_masked: COMPLAINT('none', { derivedFrom: 'contact_enc' }), reporter_id: tech(), status: general('complaint'), priority: general('complaint'), assignee_id: tech(),
    due_at: general('complaint'), overdue_notified_at: tech(), lane_report_id: tech(), resolution: personal('complaint'), submitted_at: general('complaint'), day: general('complaint'),
    closed_at: general('complaint'), closed_by: tech(), version: tech(),
  },
  complaint_events: {
    id: tech(), complaint_id: tech(), seq: tech(), org_path: tech(), at: general('complaint'), actor_id: tech(), kind: general('complaint'), public: general('complaint'), text: personal('complaint'),
  },
  volunteer_applications: {
    id: tech(), community_id: tech(), org_path: tech(), name: VAPP('name'), phone_enc: VAPP('phone', { encryptedAtRest: true }),
    phone_bidx: VAPP('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }), phone_masked: VAPP('none', { derivedFrom: 'phone_enc' }),
    skills: VAPP(), availability: VAPP(), note: VAPP(), user_id: tech(), resident_id: tech(), status: general('service.volunteers'), reason: VAPP(), decided_by: tech(),
    decided_at: general('service.volunteers'), created_at: VAPP(), version: tech(),
  },
  volunteers: {
    id: tech(), community_id: tech(), org_path: tech(), application_id: tech(), name: VOL('name'), phone_enc: VOL('phone', { encryptedAtRest: true }),
    phone_bidx: VOL('hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }), phone_masked: VOL('none', { derivedFrom: 'phone_enc' }),
    skills: VOL(), availability: VOL(), user_id: tech(), resident_id: tech(), active: general('service.volunteers'), joined_at: VOL(), version: tech(),
    retired_at: general('service.volunteers'), retired_reason: VOL(), retired_by: tech(),
  },
  volunteer_shifts: {
    id: tech(), community_id: tech(), org_path: tech(), kind: general('service.volunteers'), title: general('service.volunteers'), place: general('service.volunteers'),
    day: general('service.volunteers'), starts: general('service.volunteers'), ends: general('service.volunteers'), slots: general('service.volunteers'),
    skill: general('service.volunteers'), note: general('service.volunteers'), created_by: tech(), created_at: tech(), version: tech(),
  },
  volunteer_shift_members: {
    id: tech(), shift_id: tech(), volunteer_id: tech(), org_path: tech(), source: VOL(), assigned_by: tech(), checked_in_at: VOL(), checked_out_at: VOL(), minutes: VOL(),
    created_at: tech(), version: tech(),
  },
  // 工作任务 (ADR 0087): tasks name places and staff, not residents; the detail, the place and the result are free text
  // read by many (classified personal as the duty log's content is: a worker may still name someone), the evidence photo
  // is encrypted at rest and read alone (audited), never exported.
  work_tasks: {
    id: tech(), community_id: tech(), grid_id: tech(), org_path: tech(), batch_id: tech(), kind: general('command'), title: general('command'), detail: personal('command'),
    place: personal('command'), priority: general('command'), due_at: general('command'), assignee_id: tech(), assigned_at: general('command'), status: general('command'),
    result: personal('command'), photo_enc: personal('command', 'hidden', { encryptedAtRest: true, exportable: 'never' }),
    photo_mime: personal('command', 'none', { derivedFrom: 'photo_enc' }), photo_size: personal('command', 'none', { derivedFrom: 'photo_enc' }),
    completed_at: general('command'), completed_by: tech(), returned_reason: general('command'), cancel_reason: general('command'), created_by: tech(), created_at: tech(),
    updated_at: tech(), version: tech(), overdue_notified_at: tech(),
  },
  // 工作规程 (ADR 0088): procedures and their steps are the community's rules (general); a checklist's subject and the
  // notes on its steps are free text read by many (classified personal as the duty log's content is), reads audited.
  procedures: {
    id: tech(), org_id: tech(), org_path: tech(), title: general('command'), category: general('command'), purpose: general('command'), created_by: tech(), created_at: tech(),
    updated_at: tech(), version: tech(),
  },
  procedure_versions: {
    id: tech(), procedure_id: tech(), org_path: tech(), number: general('command'), status: general('command'), steps: general('command'), change_note: general('command'),
    published_by: tech(), published_at: general('command'), superseded_at: general('command'), created_by: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  procedure_runs: {
    id: tech(), procedure_id: tech(), version_id: tech(), org_path: tech(), subject: personal('command'), task_id: tech(), status: general('command'), started_by: tech(),
    started_at: general('command'), completed_at: general('command'), updated_at: tech(), version: tech(),
  },
  procedure_run_ticks: { run_id: tech(), step_no: general('command'), org_path: tech(), note: personal('command'), ticked_by: tech(), ticked_at: general('command') },
  // 应急预案与演练 (ADR 0089): plans name staff accounts (in the roles JSON) and places, not residents; the findings and
  // revision actions are free text refusing ID and mobile numbers, about the plan, not about people.
  emergency_plans: {
    id: tech(), org_id: tech(), org_path: tech(), series_id: tech(), revision: general('command'), title: general('command'), hazard: general('command'), status: general('command'),
    roles: general('command'), steps: general('command'), revision_note: general('command'), published_at: general('command'), created_by: tech(), created_at: tech(),
    updated_at: tech(), version: tech(),
  },
  plan_drills: {
    id: tech(), plan_id: tech(), series_id: tech(), org_id: tech(), org_path: tech(), kind: general('command'), place: general('command'), scheduled_at: general('command'),
    status: general('command'), started_at: general('command'), finished_at: general('command'), step_marks: general('command'), attendance: general('command'),
    residents_count: general('command'), created_by: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  plan_drill_findings: {
    id: tech(), drill_id: tech(), series_id: tech(), org_path: tech(), text: general('command'), severity: general('command'), action: general('command'),
    action_status: general('command'), closed_by_plan_id: tech(), closed_at: general('command'), created_by: tech(), created_at: tech(),
  },
  // 韧性评估 (ADR 0092): the scorecard holds counts and shares of an area, never a resident; the manual indicators'
  // evidence is free text refusing ID and mobile numbers, about the community's measures, not about people.
  resilience_assessments: {
    id: tech(), org_id: tech(), org_path: tech(), period: general('command'), as_of: general('command'), status: general('command'), items: general('command'),
    scores: general('command'), created_by: tech(), created_at: tech(), updated_at: tech(), finalised_at: general('command'), finalised_by: tech(), version: tech(),
  },
  // 上级任务统一受理 (ADR 0093): requests name departments and areas, not people (free text refusing ID and mobile
  // numbers); the answers are an area's counts read from the catalogue, with the reason of a correction.
  upper_requests: {
    id: tech(), org_id: tech(), org_path: tech(), direction: general('command'), source_dept: general('command'), title: general('command'), content: general('command'),
    deadline: general('command'), figures: general('command'), duplicate_of: tech(), created_by: tech(), created_at: tech(), version: tech(),
  },
  upper_request_items: {
    id: tech(), request_id: tech(), community_id: tech(), org_path: tech(), status: general('command'), answers: general('command'), merged_into: tech(),
    filled_by: tech(), filled_at: general('command'), submitted_by: tech(), submitted_at: general('command'), overdue_notified_at: tech(), version: tech(),
  },
  lane_reports: {
    id: tech(), ref: general('report'), community_id: tech(), org_path: tech(), lane_id: tech(), location: general('report'), description: personal('report'),
    reporter_id: tech(), by_resident: general('report'), status: general('report'), reported_at: general('report'), due_at: general('report'), handled_at: general('report'),
    handled_by: tech(), resolution: personal('report'), overdue_notified_at: tech(), version: tech(),
  },
  compounds: {
    id: tech(), community_id: tech(), org_path: tech(), name: general('registry'), no_property_management: general('registry'), no_competent_authority: general('registry'),
    not_enclosed: general('registry'), created_at: tech(),
  },
  buildings: { id: tech(), compound_id: tech(), grid_id: tech(), org_path: tech(), name: general('registry'), lead_user_id: tech(), created_at: tech() },
  units: { id: tech(), building_id: tech(), name: general('registry'), created_at: tech() },
  households: {
    id: tech(), unit_id: tech(), grid_id: tech(), org_path: tech(), room: personal('registry', 'room'), address: personal('registry', 'address'),
    household_type: general('registry'), head_resident_id: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  residents: {
    id: tech(), household_id: tech(), grid_id: tech(), org_path: tech(),
    name: personal('registry', 'name', { exportable: 'withApproval' }),
    name_pinyin: personal('registry.search', 'hidden', { derivedFrom: 'name', exportable: 'never' }),
    name_initials: personal('registry.search', 'hidden', { derivedFrom: 'name', exportable: 'never' }),
    id_number_enc: personal('registry', 'cnId', { reveal: 'resident:reveal', exportable: 'withApproval', encryptedAtRest: true }),
    id_bidx: personal('registry.lookup', 'hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'id_number_enc' }),
    id_masked: personal('registry', 'none', { derivedFrom: 'id_number_enc' }),
    id_tail: personal('registry.search', 'hidden', { derivedFrom: 'id_number_enc', exportable: 'never' }),
    phone_enc: personal('registry', 'phone', { reveal: 'resident:reveal', exportable: 'withApproval', encryptedAtRest: true }),
    phone_bidx: personal('registry.lookup', 'hidden', { blindIndex: true, exportable: 'never', derivedFrom: 'phone_enc' }),
    phone_masked: personal('registry', 'none', { derivedFrom: 'phone_enc' }),
    phone_tail: personal('registry.search', 'hidden', { derivedFrom: 'phone_enc', exportable: 'never' }),
    sex: personal('registry'), birth_date: personal('registry'), relation: personal('registry'), residence_type: personal('registry'),
    tags: sensitive('service.assistance'),
    guardian_id: personal('registry.minor'), external_ref: personal('registry'), restricted: general('privacy'), status: general('registry'),
    created_at: tech(), updated_at: tech(), version: tech(),
  },
  resident_tags: { resident_id: tech(), tag: sensitive('service.assistance'), org_path: tech() },
  // Separate consent to care services (PRIV-07, ADR 0033): one row per consent given; a withdrawal closes it. The care tags
  // themselves exist only while a consent is valid (withdrawal removes them); the record is the proof, kept 3 years after.
  resident_consents: {
    id: tech(), resident_id: tech(), org_path: tech(), import_job_id: tech(), recorded_by: tech(), withdrawn_by: tech(), version: tech(),
    purpose: general('privacy.consent', 'never'), notice_version: general('privacy.consent', 'never'),
    method: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    note: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    recorded_at: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    withdrawn_at: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    withdraw_method: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    withdraw_note: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    // Who consented — the resident or, for a child under 14, the guardian (PIPL Art. 31, ADR 0039): part of the proof.
    given_by: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    guardian_id: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    withdraw_guardian_id: personal('privacy.consent', 'none', { exportable: 'never', retention: CONSENT_PROOF }),
    superseded_by: tech(),
  },
  resident_moves: {
    id: tech(), resident_id: tech(), from_household_id: tech(), to_household_id: tech(), from_grid_id: tech(), to_grid_id: tech(), moved_at: personal('registry'),
    moved_by: tech(), reason: personal('registry'),
  },
  resident_status_changes: {
    id: tech(), resident_id: tech(), org_path: tech(), from_status: personal('registry'), to_status: personal('registry'), effective_date: personal('registry'),
    reason: personal('registry'), changed_by: tech(), changed_at: tech(),
  },
  grid_assignments: { grid_id: tech(), user_id: tech(), duty: general('registry'), building_id: tech(), created_at: tech() },
  resident_accounts: { user_id: tech(), resident_id: tech(), created_at: tech() },
  deferred_indexes: { name: tech(), table_name: tech(), definition: tech(), dropped_at: tech() },
  break_glass_grants: {
    id: tech(), resident_id: tech(), user_id: tech(), org_path: tech(), reason: personal('privacy'), granted_at: general('privacy'), expires_at: general('privacy'),
  },
  // Requests to see a child's full ID or phone number (PRIV-08, ADR 0035): the staff member's reason and the approver's note
  // are free text that may describe the child; the rest is who asked, which field, and the decision. The whole row goes
  // 3 years after the request ended (processing record, like exports); the audit log keeps each step without the texts.
  minor_access_requests: {
    id: tech(), resident_id: tech(), org_path: tech(), requester_id: tech(), field: general('privacy.minor'), purpose: general('privacy.minor'),
    reason: personal('privacy.minor', 'none', { exportable: 'never', retention: MINOR_ACCESS_RETENTION }),
    status: general('privacy.minor'), decided_by: tech(), decided_at: tech(),
    decision_note: personal('privacy.minor', 'none', { exportable: 'never', retention: MINOR_ACCESS_RETENTION }),
    expires_at: tech(), uses_left: general('privacy.minor'), created_at: tech(), version: tech(),
  },
  self_reports: {
    id: tech(), resident_id: tech(), household_id: tech(), grid_id: tech(), org_path: tech(),
    report_date: sensitive('epidemic.monitoring', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }),
    temperature: sensitive('epidemic.monitoring', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }),
    fever: sensitive('epidemic.monitoring', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }),
    symptoms: sensitive('epidemic.monitoring', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }),
    note: sensitive('epidemic.monitoring', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }),
    reported_by: tech(), channel: general('epidemic.monitoring'), follow_up_status: general('epidemic.followup'),
    follow_up_note: sensitive('epidemic.followup', { basis: 'public_health_emergency', retention: { days: 28, from: 'created' } }), follow_up_by: tech(), created_at: tech(), version: tech(),
  },
  import_jobs: {
    id: tech(), community_id: tech(), created_by: tech(), filename_hash: tech(), kind: general('registry'), mode: general('registry'), dry_run: general('registry'),
    status: general('registry'), rows_total: general('registry'), imported: general('registry'), updated: general('registry'), error_count: general('registry'),
    errors: { ...general('registry', 'never'), retention: { days: 30, from: 'created' } }, warnings: general('registry', 'never'), created_at: tech(), finished_at: tech(),
    scope_path: tech(), file_format: general('registry'), file_bytes: general('registry'), failure_code: general('registry'),
  },
  // Export log (SECURITY.md §5 T1 detect): kept like processing records (PIPL Art. 55–56: ≥ 3 years).
  exports: {
    id: tech(), kind: general('export'), requester_id: tech(), requester_role: general('export'), org_id: tech(), scope_path: tech(),
    filters: general('export'), column_list: general('export'), unmasked: general('export'), purpose: general('export'),
    reason: personal('export', 'none', { exportable: 'never', retention: { days: 1095, from: 'created' } }),
    file_format: general('export'), row_count: general('export'), data_class: general('export'), approval_level: general('export'),
    approval_reasons: general('export'), status: general('export'), approver_id: tech(), approver_role: general('export'), approved_unmasked: general('export'),
    decision_note: personal('export', 'none', { exportable: 'never', retention: { days: 1095, from: 'created' } }),
    decided_at: tech(), expires_at: tech(), downloaded_at: tech(), file_rows: general('export'), file_bytes: tech(), file_sha256: tech(),
    created_at: tech(), updated_at: tech(),
  },
  // Which residents an export covered: answers "who was in export X" (PIPL Art. 57 impact query); no personal values.
  export_subjects: {
    export_id: { ...audit(), retention: { days: 1095, from: 'created' } }, resident_id: { ...audit(), retention: { days: 1095, from: 'created' } },
  },
  // Out-of-task browsing (ADR 0034): which residents a user opened in the sliding window (the audit log holds the same
  // facts); rows older than the window are deleted by the hourly browsing prune, not by the retention job.
  resident_reads: { user_id: tech('security'), resident_id: tech('security'), last_read_at: tech('security'), in_task: tech('security') },
  security_alerts: {
    id: tech('security'), created_at: tech('security'), kind: tech('security'), severity: tech('security'), actor_id: tech('security'), org_path: tech('security'),
    object_type: tech('security'), object_id: tech('security'), count: tech('security'), details: { ...tech('security'), exportable: 'never' }, status: tech('security'),
    // Acknowledging and closing (ADR 0034 addendum, migration 0021): the admin's notes (acknowledging, closing) are staff free text like the
    // warning alerts' notes (it may name a person); kept as long as the alert row, which has no retention limit.
    acknowledged_by: tech('security'), acknowledged_at: tech('security'), closed_by: tech('security'), closed_at: tech('security'),
    ack_note: personal('security.alerts', 'none', { exportable: 'never', retention: { days: null, from: 'never' } }),
    close_note: personal('security.alerts', 'none', { exportable: 'never', retention: { days: null, from: 'never' } }),
  },
  // Risk early warning: aggregate counts per grid (no person), detector settings, alerts; notes are free text by staff.
  warning_indicators: {
    code: general('warnings'), name_zh: general('warnings'), name_en: general('warnings'), unit_zh: general('warnings'), unit_en: general('warnings'),
    source: general('warnings'), detector: general('warnings'), hard_rules: general('warnings'), raise_on: general('warnings'), enabled: general('warnings'),
    sort_order: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  warning_indicator_settings: {
    indicator_code: tech(), org_id: tech(), org_path: tech(), detector: general('warnings'), hard_rules: general('warnings'), raise_on: general('warnings'),
    enabled: general('warnings'), updated_by: tech(), updated_at: tech(), version: tech(),
  },
  warning_observations: {
    grid_id: tech(), org_path: tech(), indicator_code: tech(), obs_date: general('warnings'), count: general('warnings'), denominator: general('warnings'),
    source: tech('warnings'), updated_at: tech(),
  },
  warning_alerts: {
    id: tech(), grid_id: tech(), org_path: tech(), indicator_code: tech(), alert_date: general('warnings'), level: general('warnings'), cause: general('warnings'),
    detector: general('warnings'), rule: general('warnings'), observed: general('warnings'), expected: general('warnings'), p_value: general('warnings'),
    yellow_limit: general('warnings'), red_limit: general('warnings'), status: general('warnings'), raised_at: tech(), escalated_at: tech(),
    acknowledged_at: tech(), acknowledged_by: tech(), ack_note: personal('warnings', 'none', { exportable: 'never' }), resolved_at: tech(), resolved_by: tech(),
    resolution_note: personal('warnings', 'none', { exportable: 'never' }), version: tech(),
  },
  notifications: { id: tech(), recipient_id: tech(), kind: tech('notifications'), alert_id: tech(), object_type: tech(), object_id: tech(), payload: personal('notifications'), created_at: tech(), read_at: tech('notifications') },
  // Emergency periods (LAW-02, ADR 0027): government decisions (area, dates, notice number), kept; staff free text like alert notes.
  emergency_periods: {
    id: tech(), org_id: tech(), org_path: tech(), start_date: general('privacy.basis'), end_date: general('privacy.basis'), legal_ref: general('privacy.basis'),
    note: personal('privacy.basis', 'none', { exportable: 'never' }), end_reason: personal('privacy.basis', 'none', { exportable: 'never' }),
    declared_by: tech(), declared_at: tech(), ended_by: tech(), ended_at: tech(), version: tech(),
  },
  // Correction requests (PRIV-09, ADR 0028): what the resident proposes and their note are encrypted (a proposed phone is
  // listed masked); the staff reply is shown to the resident. Kept with the record (no finite period yet).
  correction_requests: {
    id: tech(), resident_id: tech(), account_id: tech(), org_path: tech(), grid_id: tech(), field: general('registry.correction'),
    // A request is kept while open and for a year after it was resolved (ADR 0028 addendum; the retention job deletes it).
    proposed_enc: personal('registry.correction', 'hidden', { reveal: 'resident:write', exportable: 'never', encryptedAtRest: true, retention: CORRECTION_RETENTION }),
    proposed_masked: personal('registry.correction', 'none', { exportable: 'never', derivedFrom: 'proposed_enc', retention: CORRECTION_RETENTION }),
    note_enc: personal('registry.correction', 'hidden', { reveal: 'resident:write', exportable: 'never', encryptedAtRest: true, retention: CORRECTION_RETENTION }),
    status: general('registry.correction'), reply: personal('registry.correction', 'none', { exportable: 'never', retention: CORRECTION_RETENTION }),
    created_at: tech(), resolved_by: tech(), resolved_at: tech(), version: tech(),
  },
  // Deletion requests (PIPL Art. 47, ADR 0037): ground, scope and decision stay as the record of what was done (counts in
  // the transparency figures); the resident's note and the staff reply go a year after the decision (emptied, not the
  // row), and the note at once when the whole record is erased. resident_id is an id only (no foreign key: it outlives
  // an erased record, like the audit log's subject ids).
  deletion_requests: {
    id: tech(), resident_id: tech(), account_id: tech(), org_path: tech(), grid_id: tech(), decided_by: tech(), decided_at: tech(), certificate_id: tech(),
    created_at: tech(), version: tech(),
    ground: general('privacy.deletion', 'never'), scope: general('privacy.deletion', 'never'), status: general('privacy.deletion', 'never'),
    note_enc: personal('privacy.deletion', 'hidden', { reveal: 'deletion:decide', exportable: 'never', encryptedAtRest: true, retention: DELETION_RETENTION }),
    reply: personal('privacy.deletion', 'none', { exportable: 'never', retention: DELETION_RETENTION }),
  },
  // Deletion certificates of decided deletion requests (ADR 0037): counts per table, decision, time, operator; never
  // values; kept, hash-chained, append-only.
  deletion_certificates: Object.fromEntries(
    ['seq', 'id', 'request_id', 'decision', 'scope', 'decided_at', 'actor', 'total', 'counts', 'prev_hash', 'hash'].map((c) => [c, tech('accountability')]),
  ),
  // Processing-notice acknowledgements (PRIV-03, ADR 0029): which account read which version when; kept as proof of notice.
  notice_acks: { user_id: tech(), version: general('privacy.notice'), acknowledged_at: personal('privacy.notice', 'none', { exportable: 'never' }) },
  // Deletion certificates of the retention job (ADR 0024): counts per table and column, never values; kept, hash-chained.
  retention_runs: {
    seq: tech('accountability'), id: tech('accountability'), started_at: tech('accountability'), finished_at: tech('accountability'), actor: tech('accountability'),
    total: tech('accountability'), counts: tech('accountability'), prev_hash: tech('accountability'), hash: tech('accountability'),
  },
  // Purge checkpoints of the audit log (ADR 0030): which prefix of the chain was removed, its last hash, counts and
  // times; no actor other than the system, nothing about people; kept for good, hash-chained.
  audit_checkpoints: Object.fromEntries(
    ['seq', 'through_id', 'through_hash', 'rows_purged', 'oldest_ts', 'newest_ts', 'created_at', 'actor', 'installation', 'prev_hash', 'hash'].map((c) => [c, tech('accountability')]),
  ),
  // 多方协同与社会组织服务 (ADR 0091): units name organisations (general) and a contact person with a mobile (personal,
  // masked, encrypted at rest, revealed to partner:manage with an audit row); services and their records are counts and
  // places; the residents linked to a record and a resident's booking (counselling) are personal / sensitive.
  partner_units: {
    id: tech(), org_id: tech(), org_path: tech(), kind: general('service.partners'), name: general('service.partners'), reg_status: general('service.partners'),
    credit_code: general('service.partners'), contact_name: PCONTACT('name'), contact_phone_enc: PCONTACT('phone', { encryptedAtRest: true }),
    contact_phone_masked: PCONTACT('none', { derivedFrom: 'contact_phone_enc', reveal: null }), services_note: general('service.partners'), active: general('service.partners'),
    ended_at: general('service.partners'), created_by: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  partner_members: { unit_id: tech(), user_id: tech(), org_path: tech(), added_by: tech(), added_at: tech() },
  partner_duties: {
    id: tech(), org_id: tech(), org_path: tech(), task_kind: general('service.partners'), unit_id: tech(), role: general('service.partners'), set_by: tech(), set_at: tech(),
  },
  partner_services: {
    id: tech(), unit_id: tech(), org_path: tech(), category: general('service.partners'), name: general('service.partners'), description: general('service.partners'),
    bookable: general('service.partners'), active: general('service.partners'), created_by: tech(), created_at: tech(), version: tech(),
  },
  service_records: {
    id: tech(), service_id: tech(), unit_id: tech(), org_path: tech(), day: general('service.partners'), place: personal('service.partners'), served_count: general('service.partners'),
    note: personal('service.partners'), created_by: tech(), created_at: tech(),
  },
  service_record_residents: { record_id: tech(), resident_id: personal('service.partners', 'none', { basis: 'consent', exportable: 'never' }) },
  service_slots: {
    id: tech(), service_id: tech(), unit_id: tech(), org_path: tech(), starts_at: general('service.partners'), minutes: general('service.partners'), mode: general('service.partners'),
    status: general('service.partners'), created_by: tech(), created_at: tech(),
  },
  service_bookings: {
    id: tech(), slot_id: tech(), service_id: tech(), unit_id: tech(), org_path: tech(), resident_id: BOOKING(), booked_by: tech(), by_self: BOOKING(), note: BOOKING(),
    status: BOOKING(), confirmed_by: tech(), confirmed_at: BOOKING(), cancelled_by: tech(), cancelled_at: BOOKING(), cancel_reason: BOOKING(), created_at: BOOKING(), version: tech(),
  },
  // 指挥部 (ADR 0090): groups, roster and meetings name staff accounts, not residents; the minutes, addenda and decisions
  // are free text refusing ID and mobile numbers, classified personal as the duty log's content is (a speaker may still
  // name someone). The agenda's figures are counts.
  command_groups: {
    id: tech(), org_id: tech(), org_path: tech(), name: general('command'), duties: general('command'), lead_id: tech(), seq: tech(), created_by: tech(), created_at: tech(),
    updated_at: tech(), version: tech(),
  },
  command_group_members: { group_id: tech(), user_id: tech(), org_path: tech(), created_at: tech() },
  command_duties: {
    id: tech(), org_id: tech(), org_path: tech(), duty_date: general('command'), role: general('command'), group_id: tech(), user_id: tech(), created_by: tech(), created_at: tech(),
  },
  command_meetings: {
    id: tech(), org_id: tech(), org_path: tech(), meeting_date: general('command'), starts_at: general('command'), status: general('command'), agenda_at: general('command'),
    ended_at: general('command'), ended_by: tech(), created_by: tech(), created_at: tech(), updated_at: tech(), version: tech(),
  },
  command_agenda_items: {
    id: tech(), meeting_id: tech(), org_path: tech(), seq: tech(), source: general('command'), title: general('command'), figure: general('command'), figures: general('command'),
    link: tech(), minutes: personal('command'), minutes_by: tech(), minutes_at: general('command'), created_at: tech(), updated_at: tech(), version: tech(),
  },
  command_attendance: { meeting_id: tech(), user_id: tech(), org_path: tech(), created_at: tech() },
  command_addenda: { id: tech(), meeting_id: tech(), org_path: tech(), body: personal('command'), created_by: tech(), created_at: tech() },
  command_decisions: {
    id: tech(), org_id: tech(), org_path: tech(), meeting_id: tech(), item_id: tech(), title: general('command'), detail: personal('command'), owner_user_id: tech(),
    owner_group_id: tech(), due_date: general('command'), status: general('command'), note: personal('command'), closed_at: general('command'), closed_by: tech(),
    created_by: tech(), created_at: tech(), updated_at: tech(), version: tech(), overdue_notified_at: tech(),
  },
};

/** Tables owned by libraries (migration bookkeeping) — not personal data. */
export const TECHNICAL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'sqlite_sequence']);

/** The policy of a column, or undefined when it is not classified. */
export function fieldPolicy(table: string, column: string): FieldPolicy | undefined {
  return FIELD_REGISTRY[table]?.[column];
}

/** Columns of a table that are encrypted at rest. */
export function encryptedColumns(table: string): string[] {
  return Object.entries(FIELD_REGISTRY[table] ?? {}).filter(([, p]) => p.encryptedAtRest).map(([c]) => c);
}
