export {
  createTransparencyService, monthRange, published, DELETION_CLASS_LABELS, MONTH_PATTERN, AREA_CODE_PATTERN, type TransparencyService,
} from './transparency.service';
export { registerTransparencyRoutes } from './transparency.routes';
