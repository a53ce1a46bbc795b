// 上级任务统一受理 and 日报 (ADR 0093): zh-CN first, English.
export const requestsZh = {
  title: '上级任务',
  inbox: '待办任务',
  issued: '本级登记和下发的任务',
  emptyInbox: '没有上级任务',
  emptyIssued: '还没有登记或下发任务',
  new: '登记 / 下发任务',
  direction: { received: '上级来文', issued: '本级下发' },
  status: { todo: '待办', filled: '已填报', submitted: '已报送' },
  due: { overdue: '已逾期', soon: '今日截止', ok: '待办', done: '已报送' },
  deadline: '截止 {{at}}',
  progress: '已报送 {{done}}/{{total}}',
  merged: '已合并：与“{{title}}”（{{dept}}）同一口径，填报一次即可',
  duplicate: '与已有任务重复，已合并',
  form: {
    direction: '来源', sourceDept: '来文单位', sourceDeptHint: '如 区卫健委、区民政局、街道办', title: '任务标题', content: '任务内容', deadline: '截止时间',
    figures: '需要的数据', communities: '下发社区', allCommunities: '全部社区', submit: '确定', required: '必填',
  },
  item: {
    back: '返回', figure: '数据项', system: '系统数据', source: '来源 {{source}}，读取于 {{at}}', value: '填报数', reason: '更正原因', reasonHint: '与系统数据不一致，请说明原因',
    save: '填报', submit: '报送', submitted: '已报送，不能再修改', saved: '已填报', done: '已报送', corrected: '已更正（系统 {{system}}）：{{reason}}',
    problems: '请填写所有数据，更正的须说明原因',
  },
  table: { community: '社区', status: '状态', submittedAt: '报送时间', download: '下载 Excel', notes: '更正说明' },
  daily: {
    title: '日报', day: '日期', area: '地区', download: '下载 Excel', print: '打印 / 另存为 PDF', heading: '{{name}} 疫情防控工作日报', readAt: '数据读取于 {{at}}',
    value: '数值', unit: '单位', source: '数据来源', perCommunity: '分社区', figure: '指标',
  },
  bell: { new: '上级任务：{{title}}（{{dept}}）', merged: '上级任务：{{title}}（{{dept}}），已与同口径任务合并', plain: '有新的上级任务', overdue: '上级任务已逾期：{{title}}（{{dept}}），请尽快填报报送' },
};

export const requestsEn: typeof requestsZh = {
  title: 'Upper-level requests',
  inbox: 'To answer',
  issued: 'Recorded and issued here',
  emptyInbox: 'No requests',
  emptyIssued: 'Nothing recorded or issued yet',
  new: 'Record / issue a request',
  direction: { received: 'From an upper department', issued: 'Issued by us' },
  status: { todo: 'To do', filled: 'Filled in', submitted: 'Submitted' },
  due: { overdue: 'Overdue', soon: 'Due today', ok: 'To do', done: 'Submitted' },
  deadline: 'Due {{at}}',
  progress: 'Submitted {{done}}/{{total}}',
  merged: 'Merged: same figures as “{{title}}” ({{dept}}); answer once',
  duplicate: 'Like an open request; merged',
  form: {
    direction: 'Source', sourceDept: 'Department', sourceDeptHint: 'e.g. the district health commission', title: 'Title', content: 'Content', deadline: 'Deadline',
    figures: 'Figures asked', communities: 'Communities', allCommunities: 'All communities', submit: 'OK', required: 'Required',
  },
  item: {
    back: 'Back', figure: 'Figure', system: 'System', source: 'From {{source}}, read {{at}}', value: 'Answer', reason: 'Reason', reasonHint: 'Differs from the system: give the reason',
    save: 'Fill in', submit: 'Submit', submitted: 'Submitted; it cannot be changed', saved: 'Filled in', done: 'Submitted', corrected: 'Corrected (system {{system}}): {{reason}}',
    problems: 'Fill in every figure; give a reason for each correction',
  },
  table: { community: 'Community', status: 'Status', submittedAt: 'Submitted', download: 'Download Excel', notes: 'Corrections' },
  daily: {
    title: 'Daily report', day: 'Day', area: 'Area', download: 'Download Excel', print: 'Print / save as PDF', heading: '{{name}} daily epidemic report', readAt: 'Read at {{at}}',
    value: 'Value', unit: 'Unit', source: 'Source', perCommunity: 'By community', figure: 'Figure',
  },
  bell: { new: 'Request: {{title}} ({{dept}})', merged: 'Request: {{title}} ({{dept}}), merged with a like one', plain: 'A new request', overdue: 'Overdue request: {{title}} ({{dept}}): please answer and submit it' },
};
