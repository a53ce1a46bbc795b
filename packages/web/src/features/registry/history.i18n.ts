// Texts of the 变更记录 (change history) card on a resident's profile (ADR 0041). Merged into registry i18n as `history`.
export const historyZh = {
  title: '变更记录',
  hint: '谁在什么时候改了这份档案的哪些内容（只记录改了哪一项，不显示改前改后的内容）。查看档案不在此列。',
  empty: '没有变更记录',
  restricted: '受限档案：说明理由临时查阅后才显示变更记录。',
  createdUpdated: '建档于 {{created}}，最近修改于 {{updated}}（第 {{version}} 版）',
  system: '系统',
  cols: { at: '时间', action: '操作', fields: '改动内容', by: '操作人', reason: '说明' },
  actions: {
    create: '建档',
    update: '修改信息',
    move: '迁到其他户',
    status: '迁出/死亡/迁回登记',
    restrict: '设为受限档案',
    unrestrict: '解除受限',
    consent_record: '登记单独同意',
    consent_withdraw: '登记撤回同意',
    set_head: '设为户主',
    other: '其他变更',
  },
  fields: {
    name: '姓名', idNumber: '身份证号', phone: '手机号', birthDate: '出生日期', tags: '关爱标签', consent: '关爱服务同意',
    household: '所在户', householdId: '所在户', headResidentId: '户主', relation: '与户主关系', residenceType: '人员类型',
    externalRef: '编号', guardianId: '监护人', status: '在册状态', restricted: '档案保护',
  },
};

export const historyEn: typeof historyZh = {
  title: 'Change history',
  hint: 'Who changed what in this record, and when (only which item changed, never the old or new value). Views of the record are not listed here.',
  empty: 'No changes recorded',
  restricted: 'Restricted record: the change history shows once you open the record with a reason.',
  createdUpdated: 'Created {{created}}, last changed {{updated}} (version {{version}})',
  system: 'System',
  cols: { at: 'Time', action: 'Change', fields: 'What changed', by: 'By', reason: 'Note' },
  actions: {
    create: 'Record created',
    update: 'Details changed',
    move: 'Moved to another household',
    status: 'Moved out / deceased / returned',
    restrict: 'Record restricted',
    unrestrict: 'Restriction lifted',
    consent_record: 'Separate consent recorded',
    consent_withdraw: 'Consent withdrawal recorded',
    set_head: 'Made head of household',
    other: 'Other change',
  },
  fields: {
    name: 'Name', idNumber: 'ID number', phone: 'Phone', birthDate: 'Date of birth', tags: 'Care tags', consent: 'Consent to care services',
    household: 'Household', householdId: 'Household', headResidentId: 'Head of household', relation: 'Relation to head', residenceType: 'Residence type',
    externalRef: 'Reference no.', guardianId: 'Guardian', status: 'Status', restricted: 'Record protection',
  },
};
