// Public surface of 工作规程 (ADR 0088): nothing yet — the pages are wired in app/router.tsx through routes.tsx, the
// texts in i18n/*.ts. Everything in this folder is internal (docs/ARCHITECTURE.md, web app).
export {};
