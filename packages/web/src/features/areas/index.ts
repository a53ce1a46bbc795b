// Public surface of the areas feature (行政区划): what other features and pages may use. Everything else in this folder
// is internal (docs/ARCHITECTURE.md, web app: features talk to each other only through index.ts).
export { listAreas, type AreaLevel, type AreaNode } from './api';
