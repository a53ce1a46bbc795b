// Public surface of the duty-log feature (值班日志): nothing is used by other features yet; the page is reached through
// routes.ts. Everything in this folder is internal (docs/ARCHITECTURE.md, web app: features talk through index.ts).
export { DUTY_CATEGORIES, type DutyCategory } from './api';
