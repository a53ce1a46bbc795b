export { createOrgsService, ORG_CACHE_MS, type Org, type OrgArea, type OrgLevel, type OrgsService, type OrgRenameHook, type OrgPickerNode } from './orgs.service';
export { importOrgs, parseOrgCsv, codeExtends, type OrgImportResult, type OrgRowError } from './orgs.import';
export { createOrgAdmin, ORG_REFERENCES, nextGridCode, checkChildCode, LEVEL_ZH, type OrgAdmin } from './orgs.admin';
export { registerOrgRoutes } from './orgs.routes';
export { inAreaOrAbove, pathsUp, seesPath } from './org-paths';
