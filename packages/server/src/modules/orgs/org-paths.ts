/**
 * The org paths above `path` and itself (`/a/b/c/` → `/a/`, `/a/b/`, `/a/b/c/`): what belongs to a wider area covers
 * the caller too (a community's roll call or control points, for its grid worker).
 */
export function pathsUp(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}
