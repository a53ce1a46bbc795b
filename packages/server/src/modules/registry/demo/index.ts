export * from './types';
export {
  DEMO_DEFAULT_NOW, DEMO_DEFAULT_RESIDENTS, DEMO_DEFAULT_SEED, DEMO_MAX_COMMUNITY_INDEX, DEMO_MAX_RESIDENTS_PER_COMMUNITY,
  chineseNumeral, generateDemoCommunity, generateDemoPlaceTree, generateResidents,
  type GenerateDemoCommunityOptions, type GenerateResidentsOptions,
} from './demo-community';
