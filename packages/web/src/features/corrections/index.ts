// Public surface of the corrections feature (我的信息, 更正申请): what other features and pages may use. Everything else in
// this folder is internal (docs/ARCHITECTURE.md, web app: features talk to each other only through index.ts).
export { correctionNotice } from './corrections.logic';
