import { describe, expect, it } from 'vitest';
import { generateResidents } from './demo-community';

// Scale check only: no timing assertion (the speed is measured in bench-residents.ts).
describe('generateResidents at scale', () => {
  it('streams 1,000,000 residents with unique ID numbers', () => {
    const ids = new Set<string>();
    let n = 0;
    let lastCommunity = -1;
    let ordered = true; // one community after another
    for (const r of generateResidents({ seed: 20220107, total: 1_000_000 })) {
      ids.add(r.idNumber);
      n++;
      if (r.communityIndex < lastCommunity) ordered = false;
      lastCommunity = r.communityIndex;
    }
    expect(n).toBe(1_000_000);
    expect(ordered).toBe(true);
    expect(ids.size).toBe(1_000_000);
    expect(lastCommunity).toBe(166); // ceil(1e6 / 6000) communities
  });
});
