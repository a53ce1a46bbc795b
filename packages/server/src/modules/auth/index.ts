export { createAuthService, LOGIN_POLICY, type AuthService, type ApiTokenInfo, type User, type UserRef } from './auth.service';
export { registerAuthRoutes } from './auth.routes';
export { PERMISSIONS, ROLES, ROLE_LABELS, ROLE_PERMISSIONS, roleHas, type Permission, type Role } from './roles';
export { hashPassword } from './passwords';
export { accountNames, type AccountName } from './auth.figures';
