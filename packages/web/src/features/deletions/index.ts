// Public surface of the deletions feature (删除申请, PIPL Art. 47, ADR 0037): the resident's card on 我的信息 and the
// notification bell's text. The staff page is wired through routes.ts.
export { MyDeletionCard } from './my-deletion.card';
// 删除证明 on the audit page (pages/audit; retention:read).
export { DeletionCertificatesCard } from './certificates.card';
export { DELETION_NOTIFICATION_KINDS, deletionNotice } from './deletions.logic';
