import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Signed-in devices (ADR 0026): a session remembers a coarse device label ("Chrome 131 · Android", never the raw
 * User-Agent) and the client address cut to its network part (a.b.*.* / the first three IPv6 groups). The full
 * address the session row used to keep (`ip`, read by nothing) is dropped: the audit log keeps the request's address.
 * Sessions from before this migration show "未知设备 / Unknown device" until they end.
 */
export const m0013SessionDevices: RxMigration = {
  name: '0013-session-devices',
  async up(db) {
    await ddl(db, 'alter table sessions add column device_label text');
    await ddl(db, 'alter table sessions add column ip_network text');
    await ddl(db, 'alter table sessions drop column ip');
  },
};
