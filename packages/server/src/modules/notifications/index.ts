export {
  createNotificationsService, type NotificationAlert, type NotificationAlertLookup, type NotificationInput, type NotificationItem, type NotificationList,
  type NotificationsService,
} from './notifications.service';
export { registerNotificationRoutes } from './notifications.routes';
