// Public surface of the transparency-report feature (公开透明报告, ADR 0032): the public page. Everything else in this
// folder is internal.
export { TransparencyPage } from './transparency.page';
