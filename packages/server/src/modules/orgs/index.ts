export { createOrgsService, type Org, type OrgLevel, type OrgsService } from './orgs.service';
export { importOrgs, parseOrgCsv, codeExtends, type OrgImportResult, type OrgRowError } from './orgs.import';
