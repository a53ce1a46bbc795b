// Public surface of the early-warning feature: what the app shell and other features may use (the pages are wired by
// app/router.tsx through routes.tsx). Everything else in this folder is internal (docs/ARCHITECTURE.md, web app:
// features talk to each other only through index.ts).
export { NotificationBell } from './notification-bell';
export { OpenWarningsCard } from './open-warnings.card';
