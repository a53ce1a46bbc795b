// Public surface of the processing-notice feature (个人信息处理告知): what the app shell may use (the public page is wired
// by app/router.tsx). Everything else in this folder is internal (docs/ARCHITECTURE.md, web app: features talk to each
// other only through index.ts).
export { NoticeGate } from './notice-gate';
