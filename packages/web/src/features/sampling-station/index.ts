// Public surface of the 采样台 feature (ADR 0079): the resident's 核酸采样 card on the workbench (the personal sampling
// code and results). The station's page is reached through routes.tsx (menu row sampling-station, /sampling/station);
// everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { MySamplingCard } from './mine.card';
