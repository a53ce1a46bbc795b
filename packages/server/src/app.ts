import type { Transaction } from 'kysely';
import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAccessControl, type RouteEntry } from './http/access';
import { frameworkErrorReply, installErrorHandler } from './http/errors';
import { createIdempotency } from './http/idempotency';
import { createMemoryRateLimitStore, createRedisRateLimitStore, installPublicRateLimit } from './http/public-rate-limit';
import { installNulGuard } from './http/nul-guard';
import { installSecurityHeaders } from './http/security';
import { registerWebApp } from './http/web-shell';
import { createAuditService, registerAuditRoutes } from './modules/audit';
import { createAuditPackService, registerAuditPackRoutes } from './modules/audit-pack';
import { accountNames, createAuthService, registerAuthRoutes } from './modules/auth';
import { registerDutyLogRoutes } from './modules/duty-logs';
import { createRollCalls, eraseRollCallItemsOf, registerRollCallRoutes } from './modules/roll-calls';
import { createControlPoints, registerControlPointRoutes } from './modules/control-points';
import { createSurveys, registerSurveyRoutes } from './modules/surveys';
import { createEmergencyInfra, registerEmergencyInfraRoutes } from './modules/emergency-infra';
import { createSampling, eraseSamplingOf, registerSamplingRoutes } from './modules/sampling';
import { createQuarantine, eraseQuarantineOf, registerQuarantineRoutes } from './modules/quarantine';
import { createGates, eraseGatesOf, lastEntries, registerGatesRoutes } from './modules/gates';
import { createHealthCodes, eraseHealthCodesOf, registerHealthCodeRoutes } from './modules/health-codes';
import { createScreening, eraseScreeningOf, registerScreeningRoutes } from './modules/screening';
import { createCases, eraseCasesOf, registerCasesRoutes } from './modules/cases';
import { createAnnouncements, createComplaints, eraseComplaintsOf, registerPublicInfoRoutes } from './modules/public-info';
import { createVolunteers, eraseVolunteersOf, registerVolunteersRoutes } from './modules/volunteers';
import { createWorkTasks, registerWorkTasksRoutes } from './modules/work-tasks';
import { createPartners, erasePartnersOf, registerPartnersRoutes } from './modules/partners';
import { createUpperRequests, registerUpperRequestsRoutes } from './modules/upper-requests';
import { createProcedures, registerProceduresRoutes } from './modules/procedures';
import { createEmergencyPlans, registerEmergencyPlansRoutes } from './modules/emergency-plans';
import { createCommandCentre, registerCommandCentreRoutes } from './modules/command-centre';
import { createResilience, registerResilienceRoutes } from './modules/resilience';
import { createOffers, createSupplies, eraseReservationsOf, eraseSupplyLinesOf, registerOfferRoutes, registerSupplyRoutes } from './modules/supplies';
import { createEmergencyService, createRetentionService, registerEmergencyRoutes, registerRetentionRoutes } from './modules/privacy';
import { createNoticeService, registerNoticeRoutes } from './modules/privacy';
import { registerExportRoutes } from './modules/exports';
import { createOrgAdmin, createOrgsService, registerOrgRoutes } from './modules/orgs';
import { createWarningsService, registerWarningsRoutes } from './modules/warnings';
import {
  createImportService, createRegistryOverview, createRegistryService, registerImportRoutes, registerRegistryOverviewRoutes, registerRegistryRoutes,
} from './modules/registry';
import { createRegistryQuality, registerRegistryQualityRoutes } from './modules/registry';
import { createPlacesService, registerPlacesRoutes } from './modules/registry';
import { registerMinorAccessRoutes } from './modules/registry';
import fastifyMultipart from '@fastify/multipart';
import { registerMeConsentRoutes, registerMeRoutes } from './modules/me';
import { createCorrectionsService, registerCorrectionsRoutes } from './modules/corrections';
import { eraseCorrectionRequestsOf } from './modules/corrections';
import { createDeletionsService, registerDeletionRoutes } from './modules/deletions';
import { eraseExportSubjectsOf } from './modules/exports';
import { eraseSelfReportsOf, unlinkResidentAccounts } from './modules/self-reports';
import { createImpactService, registerImpactRoutes } from './modules/impact';
import { createTransparencyService, registerTransparencyRoutes } from './modules/transparency';
import { createNotificationsService, registerNotificationRoutes } from './modules/notifications';
import { createSecurityAlertsService, registerSecurityAlertRoutes } from './modules/security-alerts';
import { createSelfReportsService, registerSelfReportRoutes } from './modules/self-reports';
import { openAppendOnlyFile } from './platform/append-only-file';
import { registerHousekeepingStep } from './platform/jobs/housekeeping';
import type { Platform } from './platform/context';

/** Everything built on top of the platform: services and the HTTP app. */
export type App = {
  app: FastifyInstance;
  routes: RouteEntry[];
  services: {
    audit: ReturnType<typeof createAuditService>;
    auth: ReturnType<typeof createAuthService>;
    orgs: ReturnType<typeof createOrgsService>;
    notifications: ReturnType<typeof createNotificationsService>;
    registry: ReturnType<typeof createRegistryService>;
    places: ReturnType<typeof createPlacesService>;
    registryOverview: ReturnType<typeof createRegistryOverview>;
    registryQuality: ReturnType<typeof createRegistryQuality>;
    imports: ReturnType<typeof createImportService>;
    warnings: ReturnType<typeof createWarningsService>;
    selfReports: ReturnType<typeof createSelfReportsService>;
    retention: ReturnType<typeof createRetentionService>;
    emergencies: ReturnType<typeof createEmergencyService>;
    notice: ReturnType<typeof createNoticeService>;
    securityAlerts: ReturnType<typeof createSecurityAlertsService>;
    deletions: ReturnType<typeof createDeletionsService>;
    rollCalls: ReturnType<typeof createRollCalls>;
    controlPoints: ReturnType<typeof createControlPoints>;
    supplies: ReturnType<typeof createSupplies>;
    offers: ReturnType<typeof createOffers>;
    surveys: ReturnType<typeof createSurveys>;
    infra: ReturnType<typeof createEmergencyInfra>;
    sampling: ReturnType<typeof createSampling>;
    quarantine: ReturnType<typeof createQuarantine>;
    gates: ReturnType<typeof createGates>;
    health: ReturnType<typeof createHealthCodes>;
    screening: ReturnType<typeof createScreening>;
    cases: ReturnType<typeof createCases>;
    announcements: ReturnType<typeof createAnnouncements>;
    complaints: ReturnType<typeof createComplaints>;
    volunteers: ReturnType<typeof createVolunteers>;
    tasks: ReturnType<typeof createWorkTasks>;
    partners: ReturnType<typeof createPartners>;
    procedures: ReturnType<typeof createProcedures>;
    plans: ReturnType<typeof createEmergencyPlans>;
    command: ReturnType<typeof createCommandCentre>;
    resilience: ReturnType<typeof createResilience>;
    requests: ReturnType<typeof createUpperRequests>;
  };
};

const PUBLIC_PREFIXES = ['/api/docs'];

/** Builds the Fastify app (tests call this with an in-memory or temp-file platform). */
export async function buildApp(platform: Platform): Promise<App> {
  const { config, clock, logger, database, metrics } = platform;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // Only the configured proxies' X-Forwarded-For is believed (RENXING_TRUST_PROXY); otherwise the socket peer.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    frameworkErrors: frameworkErrorReply,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON (and multipart where a route registers it): text/plain writes are refused with 415.
  app.removeContentTypeParser('text/plain');

  const now = () => clock.now();
  const audit = createAuditService(database, now, platform.logger);
  const orgs = createOrgsService(database, now);
  const auth = createAuthService(platform, audit, orgs);
  const idempotentWrite = createIdempotency(database, now);
  const retention = createRetentionService(database, audit, now, { emergencyDays: config.emergencyRetentionDays, auditRetentionDays: config.auditRetentionDays });
  const emergencies = createEmergencyService(database, audit, orgs, now, { retentionDays: config.emergencyRetentionDays });
  const notice = createNoticeService(database, audit, orgs, now, { processor: config.noticeProcessor, contact: config.noticeContact, emergencyDays: config.emergencyRetentionDays });
  // The notification list shows the current state of the warning alerts it points at: asked of the warnings service
  // (created below; only called once the app serves requests).
  const notifications = createNotificationsService(database, now, audit, { alerts: (ids) => warnings.notificationAlerts(ids) });
  // Care-tag consents are recorded under the processing-notice version in force (ADR 0033, ADR 0029).
  // Security alerts (daily export cap, out-of-task browsing) for the security admin's list.
  const securityAlerts = createSecurityAlertsService(database, audit, orgs, auth, now, notifications);
  const registry = createRegistryService(platform, audit, orgs, auth, notifications, {
    noticeVersion: () => notice.version(),
    // Out-of-task browsing (ADR 0034): residents with an open correction request or fever follow-up are in task; both
    // services are created below and asked only once the app serves requests.
    browsing: {
      alerts: securityAlerts,
      openWork: async (ids) => {
        const [requests, followUps] = await Promise.all([corrections.residentsWithOpenRequests(ids), selfReports.residentsWithOpenFollowUps(ids)]);
        return new Set([...requests, ...followUps]);
      },
    },
  });
  const places = createPlacesService(platform, audit, orgs, auth);
  const orgAdmin = createOrgAdmin(platform, audit, orgs);
  const imports = createImportService(platform, audit, orgs, auth, { noticeVersion: () => notice.version() });
  const registryOverview = createRegistryOverview(platform, audit, orgs);
  const registryQuality = createRegistryQuality(platform, audit, orgs, registry);
  const warnings = createWarningsService(platform, audit, orgs, notifications, auth, registry);
  const selfReports = createSelfReportsService(platform, audit, orgs, registry, {
    // Fever self-reports feed the early-warning indicator of their grid (distinct residents with fever that day); a higher
    // count already there (ingested from another source) is kept: the self-reports' count is a lower bound.
    feverSink: async ({ gridId, date, count }) => {
      await warnings.observe([{ gridId, indicator: 'fever_reports', date, count }], { source: 'self-reports', scopePath: '/', actor: null, atLeast: true });
    },
    // PIPL 13(4) data is collected only while an emergency covers the household's area (410 collection_closed, ADR 0027).
    collectionGate: (orgPath, what) => emergencies.assertCollectionOpen(orgPath, what),
    collectionState: (orgPath) => emergencies.state(orgPath),
    pathsInForce: (areaPath) => emergencies.pathsInForce(areaPath),
  });

  // 我的信息 and correction requests (PRIV-09, ADR 0028): the resident's record is found through the account link.
  const corrections = createCorrectionsService(platform, audit, orgs, registry, auth, notifications, (userId) => selfReports.residentIdOfAccount(userId));
  // Deletion requests (PIPL Art. 47, ADR 0037): the other modules' rows about the resident are erased through their
  // indexes, in the decision's transaction, before the registry deletes the record.
  const deletions = createDeletionsService(platform, audit, orgs, {
    registry, accounts: auth, notifications, residentOfAccount: (userId) => selfReports.residentIdOfAccount(userId),
    erasers: [eraseSelfReportsOf, eraseCorrectionRequestsOf, eraseExportSubjectsOf, eraseRollCallItemsOf, eraseSupplyLinesOf, eraseReservationsOf, eraseSamplingOf, eraseQuarantineOf, eraseGatesOf, eraseHealthCodesOf, eraseScreeningOf, eraseCasesOf, eraseComplaintsOf, eraseVolunteersOf, erasePartnersOf], unlinkAccounts: unlinkResidentAccounts,
    // The erasure ledger (ADR 0043): a file outside the database, so erasures can be re-applied after a restore.
    ledger: openAppendOnlyFile(config.erasureLedgerFile), alerts: securityAlerts,
  });
  // The public monthly transparency report (SECURITY test 69, ADR 0032): counts only, small cells shown as "<5".
  const transparency = createTransparencyService(database, orgs, now);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024 + 1, files: 1, fields: 10 } });
  installErrorHandler(app);
  installSecurityHeaders(app);
  installNulGuard(app);
  // Per-address limit on public routes (ADR 0036), before access control: a refused request costs no session lookup.
  installPublicRateLimit(app, {
    perMinute: config.publicRatePerMinute,
    store: config.redisUrl ? createRedisRateLimitStore(config.redisUrl, config.publicRateRedisPrefix, app.log) : createMemoryRateLimitStore(),
    clock, hashAddress: (ip) => platform.crypto.blindIndex('public-rate', ip), logger: app.log,
  });
  const routes = installAccessControl(app, { auth, audit, cookieSecure: config.cookieSecure, publicPrefixes: PUBLIC_PREFIXES });

  app.addHook('onResponse', async (req, reply) => {
    metrics.counter('http_requests_total', 'HTTP requests', { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
    metrics.observe('http_request_duration_seconds', 'HTTP request latency', { method: req.method }, reply.elapsedTime / 1000);
  });
  metrics.gauge('db_write_batches_total', 'Group-commit transactions', () => database.writes.stats.batches);
  if (database.walSync) {
    const walStats = database.walSync.stats;
    metrics.gauge('db_wal_syncs_total', 'WAL fdatasync calls on the thread pool that acknowledged group commits (ADR 0042)', () => walStats.completed);
    metrics.gauge('db_wal_inline_syncs_total', 'WAL fdatasync calls inline after commits outside the group-commit queue', () => walStats.inline);
  }
  metrics.gauge('db_write_items_total', 'Writes carried by group commits', () => database.writes.stats.items);
  metrics.gauge('db_write_batch_max', 'Largest group commit so far', () => database.writes.stats.maxBatch);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Renxing 韧性 API', version: config.version, description: 'Community emergency governance platform API. Errors: {error:{code,message,messageEn,details}}.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-rx_sid' }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    // A failed WAL sync (ADR 0042) is sticky: writes can no longer be acknowledged until the server restarts.
    if (database.walSync?.failed) reply.status(503);
    return { status: database.walSync?.failed ? 'storage_unavailable' : 'ok', version: config.version, dialect: database.dialect.name };
  });
  app.get('/metrics', { config: { access: 'system:ops' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type('text/plain; version=0.0.4');
    return metrics.render();
  });

  registerAuthRoutes(app, { auth, cookieSecure: config.cookieSecure, sessionMaxHours: config.sessionMaxHours });
  // The viewer reads the rows of the auditor's area (its org ids; null for an area holding every org).
  registerAuditRoutes(app, {
    audit, auditRetentionDays: config.auditRetentionDays,
    areaOrgIds: async (orgPath) => {
      const area = await orgs.area(orgPath);
      return area.all ? null : area.ids;
    },
    // Actors by username (the list names them; the actor filter takes a username too), through the auth module.
    actors: {
      names: async (ids) => new Map([...(await accountNames(database.db, ids)).values()].map((a) => [a.id, a.username])),
      idOf: async (username) => (await auth.findByUsername(username))?.id ?? null,
    },
    orgNames: (ids) => orgs.names(ids),
  });
  registerRetentionRoutes(app, { retention });
  registerEmergencyRoutes(app, { emergencies });
  registerNoticeRoutes(app, { notice });
  registerDutyLogRoutes(app, { platform, audit, orgs, idempotentWrite, warnings });
  // The resident a resident account is linked to (its household, grid path): 报平安, 物资预约, 问卷调查, 通道占用举报.
  const residentRefOfAccount = async (userId: string) => {
    const own = await selfReports.residentIdOfAccount(userId);
    return own ? registry.residentRef(own) : null;
  };
  // 关爱点名 (ADR 0073): roll calls of the people who need care; a missed deadline is escalated by the housekeeping job.
  const rollCallDeps = {
    platform, audit, orgs, idempotentWrite, notifications, accounts: auth,
    householdOfAccount: async (userId: string) => {
      const ref = await residentRefOfAccount(userId);
      if (!ref) return [];
      const own = ref.id;
      const members = await registry.activeHouseholdMembers(ref.householdId);
      return members.map((m) => ({ id: m.id, name: m.name, self: m.id === own })).sort((x, y) => Number(y.self) - Number(x.self));
    },
  };
  const rollCalls = createRollCalls(rollCallDeps);
  registerRollCallRoutes(app, { ...rollCallDeps, rollCalls });
  registerHousekeepingStep(database, 'roll-call-overdue', (at) => rollCalls.notifyOverdue(at));
  // 三无小区管控点 (ADR 0074): a lapsed patrol interval is told to the responsible person by the housekeeping job.
  const controlPointDeps = { platform, audit, orgs, idempotentWrite, notifications, accounts: auth };
  const controlPoints = createControlPoints(controlPointDeps);
  registerControlPointRoutes(app, { ...controlPointDeps, controlPoints });
  registerHousekeepingStep(database, 'control-point-due', (at) => controlPoints.notifyDue(at));
  // 物资保障 (ADR 0075): stock, movements, distribution rounds by a fair-allocation rule, delivery.
  const supplyDeps = { platform, audit, orgs, idempotentWrite, notifications, accounts: auth };
  const supplies = createSupplies(supplyDeps);
  registerSupplyRoutes(app, { ...supplyDeps, supplies });
  // 物资预约 (ADR 0076): a resident account reserves for the household of its linked resident.
  const offerDeps = {
    platform, audit, orgs, accounts: auth,
    householdOfAccount: async (userId: string) => {
      const ref = await residentRefOfAccount(userId);
      return ref ? { householdId: ref.householdId, orgPath: ref.orgPath, residentId: ref.id } : null;
    },
  };
  const offers = createOffers(offerDeps);
  registerOfferRoutes(app, { ...offerDeps, offers, idempotentWrite });
  registerHousekeepingStep(database, 'supply-reservation-expiry', (at) => offers.expire(at));
  // 问卷调查 (ADR 0077): a resident answers the surveys of the areas above their household.
  const surveyDeps = {
    platform, orgs, accounts: auth,
    residentAreaOfAccount: async (userId: string) => (await residentRefOfAccount(userId))?.orgPath ?? null,
  };
  const surveys = createSurveys(surveyDeps);
  registerSurveyRoutes(app, { ...surveyDeps, surveys, audit, idempotentWrite });
  // 应急避难场所与应急通道 (ADR 0078): a report past its clearance deadline is told to the admins by the housekeeping job.
  const infraDeps = { platform, orgs, accounts: auth, notifications, residentAreaOfAccount: surveyDeps.residentAreaOfAccount };
  const infra = createEmergencyInfra(infraDeps);
  registerEmergencyInfraRoutes(app, { ...infraDeps, infra, audit, idempotentWrite });
  registerHousekeepingStep(database, 'lane-report-overdue', (at) => infra.notifyOverdue(at));
  // 政务公开与群众监督 (ADR 0086): announcements with public pages and feeds; complaints with tickets, triage and SLA.
  // A blocked fire lane reported as a complaint is forwarded to the lanes above as an occupation report when accepted.
  const announcements = createAnnouncements({ platform, audit, orgs, accounts: auth });
  const complaints = createComplaints({ platform, audit, orgs, accounts: auth, notifications, infra, residentAreaOfAccount: surveyDeps.residentAreaOfAccount });
  registerPublicInfoRoutes(app, { announcements, complaints });
  registerHousekeepingStep(database, 'complaint-overdue', (at) => complaints.notifyOverdue(at));
  // 核酸采样 (ADR 0079): rounds, sites, sealed tubes, lab results, recall of positive pools; a resident's own code and results.
  const samplingDeps = {
    platform, audit, orgs, notifications, accounts: auth,
    residentOfAccount: async (userId: string) => {
      const ref = await residentRefOfAccount(userId);
      return ref ? { id: ref.id, orgPath: ref.orgPath } : null;
    },
    countPositive: (trx: Transaction<any>, o: { gridId: string; date: string }) =>
      warnings.increment(trx, { gridId: o.gridId, indicator: 'positive_pools', date: o.date, source: 'sampling' }),
  };
  const sampling = createSampling(samplingDeps);
  registerSamplingRoutes(app, { ...samplingDeps, sampling, idempotentWrite });
  // 居家隔离 (ADR 0080): orders approved above the community, twice-daily checks, door sensors, needs to volunteers.
  const quarantineDeps = { platform, audit, orgs, notifications, accounts: auth, residentOfAccount: samplingDeps.residentOfAccount };
  const quarantine = createQuarantine(quarantineDeps);
  registerQuarantineRoutes(app, { ...quarantineDeps, quarantine, idempotentWrite });
  // 健康码 (ADR 0082): the mirror of the health code with history, epidemic-only reasons, local signals, appeals.
  const healthDeps = {
    platform, audit, orgs, notifications, accounts: auth, residentOfAccount: samplingDeps.residentOfAccount,
    samplingStatus: (ids: readonly string[]) => sampling.samplingStatus(ids), samplingFlaggedUnder: (path: string) => sampling.flaggedUnder(path),
    quarantineOf: (ids: readonly string[]) => quarantine.activeOrdersOf(ids), quarantineUnder: (path: string) => quarantine.activeUnder(path),
  };
  const health = createHealthCodes(healthDeps);
  registerHealthCodeRoutes(app, { ...healthDeps, health });
  // 卡口 (ADR 0081): gates, passage decisions from the registry, quarantine and sampling; visitors, vehicles, flow.
  const gatesDeps = {
    platform, audit, orgs, notifications, accounts: auth, alerts: securityAlerts,
    samplingStatus: (ids: readonly string[]) => sampling.samplingStatus(ids),
    quarantineOf: (ids: readonly string[]) => quarantine.activeOrdersOf(ids),
    colourOf: (ids: readonly string[]) => health.colourOf(ids),
    countIndicator: (trx: Transaction<any>, o: { gridId: string; indicator: 'gate_anomalies' | 'quarantine_breaches'; date: string }) =>
      warnings.increment(trx, { gridId: o.gridId, indicator: o.indicator, date: o.date, source: 'gates' }),
  };
  const gates = createGates(gatesDeps);
  registerGatesRoutes(app, { ...gatesDeps, gates });
  // 大数据+网格 screening (ADR 0083): upper-level lists matched against the registry, filtered by orders and gates, checked door to door.
  const screeningDeps = {
    platform, audit, orgs, notifications, accounts: auth,
    quarantineOf: (ids: readonly string[]) => quarantine.activeOrdersOf(ids),
    gateEntriesOf: (ids: readonly string[], since: Date) => lastEntries(database.db, database.codec, ids, since),
  };
  const screening = createScreening(screeningDeps);
  registerScreeningRoutes(app, { ...screeningDeps, screening });
  // 病例与密接 (ADR 0084): cases, contacts with exposures, the chain; contacts sent on as screening lists.
  const cases = createCases({ platform, audit, orgs, accounts: auth, screening });
  registerCasesRoutes(app, { cases });
  // 志愿者 (ADR 0085): public applications, the roster, shifts with check-in / check-out, service hours.
  const volunteers = createVolunteers({ platform, audit, orgs, accounts: auth, notifications });
  registerVolunteersRoutes(app, { volunteers });
  // 工作任务 (ADR 0087): the community's task inbox — dispatch, workload balance, completion with evidence.
  const tasks = createWorkTasks({ platform, audit, orgs, notifications });
  registerWorkTasksRoutes(app, { tasks });
  // 工作规程 (ADR 0088): versioned procedures and the checklists run from them (a run may name a work task in scope).
  const procedures = createProcedures({ platform, audit, orgs, taskLookup: (p, actor, id) => tasks.detail(p, actor, id) });
  registerProceduresRoutes(app, { procedures });
  // 应急预案与演练 (ADR 0089): plans with roles and steps, revisions, drills timed against the steps, findings.
  const plans = createEmergencyPlans({ platform, audit, orgs, notifications });
  registerEmergencyPlansRoutes(app, { plans });
  // 多方协同与社会组织服务 (ADR 0091): partner units, the responsibility matrix, services, records, remote booking.
  const partners = createPartners({
    platform, audit, orgs, notifications, residentOfAccount: samplingDeps.residentOfAccount, quarantineOf: (ids: readonly string[]) => quarantine.activeOrdersOf(ids),
  });
  registerPartnersRoutes(app, { partners });
  // 指挥部 (ADR 0090): working groups, the duty roster, the nightly dispatch meeting with a live agenda, decisions.
  const command = createCommandCentre({ platform, audit, orgs, notifications });
  registerCommandCentreRoutes(app, { command });
  // 韧性评估 (ADR 0092): scorecards over the four dimensions and eight capacities, automatic indicators read from the modules above.
  const resilience = createResilience({ platform, audit, orgs });
  registerResilienceRoutes(app, { resilience });
  registerHousekeepingStep(database, 'work-task-overdue', (at) => tasks.notifyOverdue(at));
  registerHousekeepingStep(database, 'command-decision-overdue', (at) => command.notifyOverdue(at));
  // 上级任务统一受理 and 日报 (ADR 0093): one intake for the upper departments' requests, answered from system data.
  const requests = createUpperRequests({ platform, audit, orgs, notifications });
  registerUpperRequestsRoutes(app, { requests });
  registerHousekeepingStep(database, 'upper-request-overdue', (at) => requests.notifyOverdue(at));
  registerRegistryRoutes(app, { registry });
  registerMinorAccessRoutes(app, { minors: registry.minorAccess });
  registerPlacesRoutes(app, { places });
  registerOrgRoutes(app, { orgAdmin });
  registerRegistryOverviewRoutes(app, { overview: registryOverview });
  registerRegistryQualityRoutes(app, { quality: registryQuality });
  registerImportRoutes(app, { imports });
  const exportsService = registerExportRoutes(app, { platform, audit, orgs, alerts: securityAlerts, accounts: auth, notifications });
  // Export requests nobody decided in time: the approvers' notices are settled, the requester told (ADR 0069).
  registerHousekeepingStep(database, 'export-lapsed', (at) => exportsService.settleLapsed(at));
  registerWarningsRoutes(app, { warnings, orgs });
  registerNotificationRoutes(app, { notifications });
  registerSelfReportRoutes(app, { selfReports, idempotentWrite });
  registerMeRoutes(app, { audit, orgs, selfReports });
  registerCorrectionsRoutes(app, { corrections });
  registerDeletionRoutes(app, { deletions });
  registerSecurityAlertRoutes(app, { alerts: securityAlerts });
  // Breach impact query (PIPL Art. 57, ADR 0031): security admin and auditor.
  registerImpactRoutes(app, { impact: createImpactService(platform, audit, orgs, auth) });
  // Compliance audit pack (AUD-10, ADR 0038): the auditor's XLSX of a period, counts and staff usernames only.
  registerAuditPackRoutes(app, { pack: createAuditPackService(platform, audit, orgs, { anchorDir: config.auditAnchorDir }) });
  registerMeConsentRoutes(app, { audit, registry, residentOfAccount: (userId) => selfReports.residentIdOfAccount(userId) });
  registerTransparencyRoutes(app, { transparency });

  // The web app's files and HTML shell, looked up on disk at each request: a rebuild under a running server is served.
  await registerWebApp(app, config.webDir);
  await app.ready();
  return { app, routes, services: { audit, auth, orgs, notifications, registry, places, registryOverview, registryQuality, imports, warnings, selfReports, retention, emergencies, notice, securityAlerts, deletions, rollCalls, controlPoints, supplies, offers, surveys, infra, sampling, quarantine, gates, health, screening, cases, announcements, complaints, volunteers, tasks, procedures, plans, partners, command, resilience, requests } };
}
