// Public surface of 韧性评估 (ADR 0092): nothing other features use yet. The pages are wired through routes.tsx by
// app/router.tsx and the texts through i18n.ts by i18n/*.ts (the composition root); everything else in this folder is
// internal (docs/ARCHITECTURE.md, web app).
export type { Overview as ResilienceOverview } from './api';
