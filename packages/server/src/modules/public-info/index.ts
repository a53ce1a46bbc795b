export { ANNOUNCEMENT_CATEGORIES, createAnnouncements, type Announcements } from './announcements.service';
export {
  checkPhoto, COMPLAINT_CATEGORIES, COMPLAINT_NOTIFY, COMPLAINT_STATUSES, createComplaints, eraseComplaintsOf, SLA_HOURS, type Complaints,
} from './complaints.service';
export { registerPublicInfoRoutes } from './public-info.routes';
export { seedPublicInfoDemo } from './public-info.seed';
export { complaintResilienceFigures } from './complaints.resilience';
export { complaintFigures } from './complaints.figures';
