export {
  createSupplies, eraseSupplyLinesOf, DELIVERY_METHODS, MAX_QUANTITY, MOVEMENT_KINDS, SUPPLY_CATEGORIES, SUPPLY_KINDS, type Supplies, type SupplyDeps,
} from './supplies.service';
export { registerSupplyRoutes } from './supplies.routes';
export { ALLOCATION_RULES, DEFAULT_TAG_WEIGHTS, type AllocationRule } from './supplies.allocation';
export { seedSupplyDemo } from './supplies.seed';
export { createOffers, eraseReservationsOf, pickupCode, EXPIRY_GRACE_MS, RESERVATION_STATUSES, type Offers, type OfferDeps } from './supplies.offers';
export { registerOfferRoutes } from './supplies.offers.routes';
export { supplyShortageFigures } from './supplies.figures';
export { supplyFigures } from './supplies.figures';
