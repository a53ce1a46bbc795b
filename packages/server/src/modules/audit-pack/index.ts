export {
  createAuditPackService, lastFullQuarter, packMonths, ACCESS_CATEGORIES, ACCOUNT_ACTIONS, MAX_PACK_DAYS, PACK_LIST_LIMIT, type AuditPackService, type PackFile,
  type PackRequest,
} from './audit-pack.service';
export { registerAuditPackRoutes } from './audit-pack.routes';
