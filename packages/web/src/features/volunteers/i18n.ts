// Texts of 志愿者 (ADR 0085). Merged into i18n/zh-CN.ts and i18n/en.ts under `volunteers`. The pages are not built yet;
// for now the bell's lines.

export const volunteersZh = {
  bell: {
    approved: '您的志愿者报名已通过审核，欢迎加入{{community}}志愿者队伍',
    approvedPlain: '您的志愿者报名已通过审核',
    assigned: '您被安排了志愿服务班次：{{title}}（{{day}} {{starts}}）',
    assignedPlain: '您被安排了新的志愿服务班次',
  },
};

export const volunteersEn: typeof volunteersZh = {
  bell: {
    approved: 'Your volunteer application was approved: welcome to the {{community}} volunteers',
    approvedPlain: 'Your volunteer application was approved',
    assigned: 'You are on a volunteer shift: {{title}} ({{day}} {{starts}})',
    assignedPlain: 'You are on a new volunteer shift',
  },
};
