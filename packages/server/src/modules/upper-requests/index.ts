export { createUpperRequests, DIRECTIONS, ITEM_STATUSES, REQUEST_NOTIFY, type UpperRequests, type UpperRequestsDeps } from './upper-requests.service';
export { FIGURE_CODES, FIGURES, readFigures, SECTIONS, type FigureCode } from './figures';
export { registerUpperRequestsRoutes } from './upper-requests.routes';
export { seedUpperRequestsDemo } from './upper-requests.seed';
