export {
  createPartners, erasePartnersOf, DUTY_ROLES, MATRIX_TASK_KINDS, PARTNER_NOTIFY, REG_STATUSES, SERVICE_CATEGORIES, SLOT_MODES, UNIT_KINDS, type Partners, type PartnersDeps,
} from './partners.service';
export { isValidCreditCode, syntheticCreditCode } from './credit-code';
export { registerPartnersRoutes } from './partners.routes';
export { seedPartnersDemo } from './partners.seed';
