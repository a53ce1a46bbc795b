// Texts of the purge checkpoints card on the audit page, and of the verify and anchor results after a purge (ADR 0030).
// Merged into i18n/zh-CN.ts and i18n/en.ts under `auditCheckpoints`.

export const auditCheckpointsZh = {
  title: '清理检查点',
  intro:
    '审计日志至少保存 180 天（《网络安全法》第二十一条），本系统保存 {{days}} 天。更早的记录只能由清理任务删除：它先写下检查点——删到哪一条、那条记录的哈希值（此后哈希链从这里开始）、删了多少条——检查点本身也前后相连。此处只读。',
  introNoDays:
    '审计日志至少保存 180 天（《网络安全法》第二十一条）。更早的记录只能由清理任务删除：它先写下检查点——删到哪一条、那条记录的哈希值（此后哈希链从这里开始）、删了多少条——检查点本身也前后相连。此处只读。',
  none: '尚未清理过审计日志：哈希链从第 1 条记录开始。',
  loadFailed: '检查点加载失败',
  cols: {
    seq: '检查点',
    createdAt: '清理时间',
    through: '删至记录',
    rows: '删除条数',
    span: '被删记录的时间',
    hash: '检查点哈希',
  },
  throughRow: '#{{id}}',
  rowsCount: '{{count}} 条',
  span: '{{from}} 至 {{to}}',
  phoneLine: '{{time}} · 删至 #{{id}} · {{count}} 条',
  verifiedFrom: '（从检查点 #{{seq}} 起校验：#{{id}} 及之前的记录已按保存期限清理）',
  brokenCheckpoint: '哈希链已断裂：清理检查点 #{{seq}} 与记录不符（{{reason}}）。',
  anchorPurged: '该链锚早于上一次清理（检查点 #{{seq}}）：记录 #{{id}} 已按保存期限删除，无法再核对。这不是篡改的迹象。',
  anchorPurgedHint: '请改用清理之后获取的链锚核对；“校验哈希链”会从检查点起校验剩余记录。',
  anchorCheckpointOk: '链锚核对通过：记录 #{{id}} 是检查点 #{{seq}} 删除的最后一条，其哈希值与链锚一致；此后 {{checked}} 条记录的哈希链完整。',
  anchorCheckpointMismatch: '核对未通过：检查点 #{{seq}} 记载的记录 #{{id}} 哈希值与链锚不一致——截至该记录的历史已被改写。',
  anchorTooYoung: '核对未通过：记录 #{{id}} 已不存在，但该链锚不足 180 天，按规定不可能被清理——检查点与链锚矛盾。',
};

export const auditCheckpointsEn: typeof auditCheckpointsZh = {
  title: 'Purge checkpoints',
  intro:
    'Audit entries are kept at least 180 days (Cybersecurity Law Art. 21); this system keeps them {{days}} days. Older entries can only be removed by the purge job, which first writes a checkpoint — up to which entry, that entry’s hash (where the hash chain now starts), how many entries — and the checkpoints are chained too. Read-only.',
  introNoDays:
    'Audit entries are kept at least 180 days (Cybersecurity Law Art. 21). Older entries can only be removed by the purge job, which first writes a checkpoint — up to which entry, that entry’s hash (where the hash chain now starts), how many entries — and the checkpoints are chained too. Read-only.',
  none: 'The audit log has never been purged: the hash chain starts at entry 1.',
  loadFailed: 'Could not load the checkpoints',
  cols: {
    seq: 'Checkpoint',
    createdAt: 'Purged at',
    through: 'Up to entry',
    rows: 'Entries removed',
    span: 'Time of the removed entries',
    hash: 'Checkpoint hash',
  },
  throughRow: '#{{id}}',
  rowsCount: '{{count}}',
  span: '{{from}} to {{to}}',
  phoneLine: '{{time}} · up to #{{id}} · {{count}} entries',
  verifiedFrom: ' (checked from checkpoint #{{seq}}: entries up to #{{id}} were removed after their retention period)',
  brokenCheckpoint: 'Hash chain broken: purge checkpoint #{{seq}} does not match the log ({{reason}}).',
  anchorPurged: 'This anchor predates the last purge (checkpoint #{{seq}}): entry #{{id}} was removed after its retention period and can no longer be checked. This is not a sign of tampering.',
  anchorPurgedHint: 'Check an anchor taken after the purge instead; “Verify hash chain” checks the remaining entries from the checkpoint.',
  anchorCheckpointOk: 'Anchor verified: entry #{{id}} is the last one removed under checkpoint #{{seq}} and has the anchored hash; the hash chain of the {{checked}} entries after it holds.',
  anchorCheckpointMismatch: 'Check failed: checkpoint #{{seq}} records another hash for entry #{{id}} than the anchor — history up to that entry was rewritten.',
  anchorTooYoung: 'Check failed: entry #{{id}} is gone, yet the anchor is less than 180 days old and no purge may remove it — the checkpoint contradicts the anchor.',
};
