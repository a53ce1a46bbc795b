// Public surface of the duty-log feature (值班日志): the workbench's card of open items; the page is reached through
// routes.ts. Everything else in this folder is internal (docs/ARCHITECTURE.md, web app: features talk through index.ts).
export { DUTY_CATEGORIES, type DutyCategory } from './api';
export { DutyOpenItemsCard } from './open-items.card';
