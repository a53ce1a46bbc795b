import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Processing-notice acknowledgements (个人信息处理规则, PIPL Art. 17, PRIV-03, ADR 0029): a resident account read
 * version X of the notice at time T. One row per account and version; a new version of the notice asks again.
 */
export const m0016NoticeAcks: RxMigration = {
  name: '0016-notice-acks',
  async up(db, d) {
    await ddl(db, `create table notice_acks (
      user_id text not null references users(id),
      version text not null,
      acknowledged_at ${d.timestamp} not null,
      primary key (user_id, version)
    )`);
  },
};
