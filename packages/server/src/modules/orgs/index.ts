export { createOrgsService, type Org, type OrgLevel, type OrgsService } from './orgs.service';
