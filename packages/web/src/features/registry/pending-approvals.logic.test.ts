import { describe, expect, it } from 'vitest';
import { approvalQueues, decidesIn, nothingPending, somethingPending } from './pending-approvals.logic';

// The permissions of the roles that decide something (server: modules/auth/roles.ts), trimmed to what matters here.
const street = { permissions: ['org:read', 'warning:read', 'export:approve', 'registry:stats'] };
const district = { permissions: ['org:read', 'export:approve', 'export:approve-district', 'emergency:manage'] };
const communityAdmin = { permissions: ['resident:read', 'resident:export', 'export:approve', 'minor_access:decide'] };
const gridWorker = { permissions: ['resident:read', 'self-report:read', 'warning:read'] };

describe('待我审批: which queues show for whom', () => {
  it('street and district staff see the exports queue, the community admin both, in the card\'s order', () => {
    expect(approvalQueues(street).map((q) => q.queue)).toEqual(['exports']);
    expect(approvalQueues(district).map((q) => q.queue)).toEqual(['exports']);
    expect(approvalQueues(communityAdmin).map((q) => [q.queue, q.path])).toEqual([['exports', '/registry/exports'], ['minors', '/registry/minor-access']]);
  });

  it('any one of a queue\'s permissions is enough; without any there is no card', () => {
    expect(approvalQueues({ permissions: ['export:approve-district'] }).map((q) => q.queue)).toEqual(['exports']);
    expect(approvalQueues({ permissions: ['minor_access:decide'] }).map((q) => q.queue)).toEqual(['minors']);
    expect(approvalQueues(gridWorker)).toEqual([]);
    expect(approvalQueues({ permissions: [] })).toEqual([]);
  });

  it('nothing is asked while the account must first set a new password (as the menu badges)', () => {
    expect(decidesIn({ ...communityAdmin, mustChangePassword: true }, 'exports')).toBe(false);
    expect(approvalQueues({ ...communityAdmin, mustChangePassword: true })).toEqual([]);
    expect(decidesIn({ ...communityAdmin, mustChangePassword: false }, 'minors')).toBe(true);
    expect(decidesIn(street, 'minors')).toBe(false);
  });

  it('says nothing waits only once every count is known and zero', () => {
    expect(nothingPending([0, 0])).toBe(true);
    expect(nothingPending([0])).toBe(true);
    expect(nothingPending([0, 2])).toBe(false);
    // One still loading or failed: not "nothing waits".
    expect(nothingPending([0, undefined])).toBe(false);
    expect(nothingPending([])).toBe(false);
  });

  it('something waits once any known count is above zero (the card then comes first), not while all load or are zero', () => {
    expect(somethingPending([0, 1])).toBe(true);
    expect(somethingPending([undefined, 3])).toBe(true);
    expect(somethingPending([0, 0])).toBe(false);
    expect(somethingPending([undefined])).toBe(false);
    expect(somethingPending([])).toBe(false);
  });
});
