import { describe, expect, it } from 'vitest';
import type { MySession } from './devices.api';
import { deviceKind, orderDevices, otherDeviceCount } from './devices.logic';

const s = (id: string, lastActiveAt: string, current = false): MySession => ({ id, deviceLabel: null, ipNetwork: null, signedInAt: lastActiveAt, lastActiveAt, current });

describe('signed-in devices helpers', () => {
  it('orderDevices: this device first, then the most recently active', () => {
    const items = [s('old', '2026-11-01T08:00:00Z'), s('me', '2026-10-01T08:00:00Z', true), s('new', '2026-11-20T08:00:00Z')];
    expect(orderDevices(items).map((i) => i.id)).toEqual(['me', 'new', 'old']);
    expect(items.map((i) => i.id)).toEqual(['old', 'me', 'new']); // not sorted in place
  });

  it('otherDeviceCount: every device but this one', () => {
    expect(otherDeviceCount([s('a', '2026-11-01T08:00:00Z', true), s('b', '2026-11-01T08:00:00Z'), s('c', '2026-11-01T08:00:00Z')])).toBe(2);
    expect(otherDeviceCount([s('a', '2026-11-01T08:00:00Z', true)])).toBe(0);
  });

  it('deviceKind: phone or computer from the OS family of the label; unknown without one', () => {
    expect(deviceKind('Chrome 131 · Android')).toBe('phone');
    expect(deviceKind('WeChat 8 · iOS')).toBe('phone');
    expect(deviceKind('Huawei Browser 5 · HarmonyOS')).toBe('phone');
    expect(deviceKind('Edge 131 · Windows')).toBe('computer');
    expect(deviceKind('macOS')).toBe('computer');
    expect(deviceKind('Chrome 131')).toBe('unknown');
    expect(deviceKind(null)).toBe('unknown');
  });
});
