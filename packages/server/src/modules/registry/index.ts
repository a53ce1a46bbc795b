export {
  createRegistryService, resolvePurpose, PURPOSES, RESTRICTED_ID, type RegistryService, type ResidentRef, type ResidentSummary, type ResidentDetail, type ResidentStub,
} from './registry.service';
export { registerRegistryRoutes } from './registry.routes';
export { registerMinorAccessRoutes } from './registry.minors.routes';
export { MINOR_ACCESS_USES, MINOR_REQUEST_DAYS, type MinorAccessService, type MinorAccessView } from './registry.minors';
export { createPlacesService, LEAD_ROLES, type PlacesService } from './places.service';
export { registerPlacesRoutes } from './places.routes';
export { createRegistryOverview, registerRegistryOverviewRoutes, type RegistryOverview, type RegistryOverviewService } from './registry.overview';
export { createRegistryQuality, registerRegistryQualityRoutes, QUALITY_KINDS, type RegistryQuality, type RegistryQualityService } from './registry.quality';
export { MIN_CELL, isSmallCell } from './area-figures';
export { TEMPLATE_EXAMPLE } from './import/template';
export { CARE_TAGS, RELATIONS, RESIDENCE_TYPES, idColumns, type CareTag, type Relation, type ResidenceType } from './residents.codec';
export { loadDemoCommunity, seedRegistryDemo, seedScale } from './registry.seed';
export { PlaceResolver, residentRow, insertResidentRows } from './registry.bulk';
export { createImportService, type ImportService, type ImportResult, type ImportMode } from './registry.import-service';
export { registerImportRoutes } from './registry.import.routes';
export { csvField, neutralizeCell } from './import';
export { CONSENT_METHODS, CONSENT_PURPOSE, CONSENT_TAGS, STAFF_CONSENT_METHODS, type ConsentAttestation, type ConsentStatus, type ConsentView } from './registry.consent';
export {
  breakGlassGrants, countBreakGlassGrants, residentIdsUnder, residentSketches, safeguardCounts, statusChangeCounts, type BreakGlassEntry, type RegistryRange,
  type ResidentSketch, activeMembersUnder, type ActiveMember, careTargetsUnder, careSketches, type CareTarget, type CareSketch, unmanagedCompounds, type UnmanagedCompound,
  householdsUnder, careHoldersIn, type SupplyHousehold, activeResidentCounts,
  samplingTargetsUnder, buildingLabels, residentByIdIndex, residentsByIdIndexes, personSketches, type SamplingTarget, type IndexedResident, type PersonSketch,
  residentFigures,
} from './registry.figures';
export { REGISTRY_RESIDENT_TABLES, type Erasure, type ErasureCounts } from './registry.erasure';
export { freeText, rejectIdNumber, staffReason, withoutIdOrMobile, type FieldLabel } from './registry.free-text';
export { readUploadedSheet, type Sheet, type SheetRow } from './registry.spreadsheet';
export { demoIdentities, matchCandidatesMany, type CandidateKeys, type MatchCandidate } from './registry.candidates';
export { registryResilienceFigures } from './registry.resilience';
