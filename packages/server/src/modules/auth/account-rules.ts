// Rules of account administration by the security admin (ADR 0017): which role fits which org level, what a username
// looks like, and how a one-time initial password is made. Pure functions, no I/O.
import crypto from 'node:crypto';
import { checkPasswordPolicy } from '@renxing/shared';
import type { OrgLevel } from '../orgs';
import type { Role } from './roles';

/**
 * The org levels an account of each role may belong to, when a security admin creates or changes it. `resident`
 * (linked to a resident record by another flow) and `device` (devices use API tokens) are not offered here.
 */
export const ROLE_ORG_LEVELS: Partial<Record<Role, readonly OrgLevel[]>> = {
  district_staff: ['district'],
  street_staff: ['street'],
  community_admin: ['community'],
  doctor: ['community'],
  // Volunteers and sampling collectors often work for one grid; their rights stay those of the role, the grid only
  // narrows what they see.
  collector: ['community', 'grid'],
  volunteer: ['community', 'grid'],
  grid_worker: ['grid'],
  auditor: ['city', 'district'],
  security_admin: ['city', 'district'],
  system_admin: ['city', 'district'],
};

/** Roles a security admin may give (the keys of ROLE_ORG_LEVELS), in display order. */
export const ASSIGNABLE_ROLES = Object.keys(ROLE_ORG_LEVELS) as Role[];

/** Roles whose creation or assignment is audited at high severity: they administer or oversee the platform. */
export const PRIVILEGED_ROLES: readonly Role[] = ['security_admin', 'auditor', 'system_admin'];

export const isAssignableRole = (role: string): role is Role => (ASSIGNABLE_ROLES as string[]).includes(role);

export function roleFitsLevel(role: Role, level: OrgLevel): boolean {
  return ROLE_ORG_LEVELS[role]?.includes(level) ?? false;
}

/** Usernames: 3–32 characters of a–z, 0–9, '.', '_' and '-' (after lower-casing). */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/** No 0/O, 1/l/I: the password is read off a screen and typed in by someone else. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export const ONE_TIME_PASSWORD_LENGTH = 16;

/**
 * A one-time initial password: 16 characters drawn uniformly (crypto.randomInt) from a 56-character unambiguous
 * alphabet (about 93 bits), that passes the password policy for `username`.
 */
export function oneTimePassword(username: string): string {
  for (;;) {
    let pw = '';
    for (let i = 0; i < ONE_TIME_PASSWORD_LENGTH; i++) pw += ALPHABET[crypto.randomInt(ALPHABET.length)];
    if (checkPasswordPolicy(pw, { username }).ok) return pw;
  }
}
