export {
  createSupplies, eraseSupplyLinesOf, DELIVERY_METHODS, MAX_QUANTITY, MOVEMENT_KINDS, SUPPLY_CATEGORIES, SUPPLY_KINDS, type Supplies, type SupplyDeps,
} from './supplies.service';
export { registerSupplyRoutes } from './supplies.routes';
export { ALLOCATION_RULES, DEFAULT_TAG_WEIGHTS, type AllocationRule } from './supplies.allocation';
export { seedSupplyDemo } from './supplies.seed';
