/**
 * The org paths above `path` and itself (`/a/b/c/` → `/a/`, `/a/b/`, `/a/b/c/`): what belongs to a wider area covers
 * the caller too (a community's roll call or control points, for its grid worker).
 */
export function pathsUp(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/**
 * What a caller at `callerPath` sees of something held at `path`: their area and below, and the areas above it (a
 * community's roll call, supplies or survey, for its grid worker; a street's reserve, for its community).
 */
export function seesPath(callerPath: string, path: string): boolean {
  return path.startsWith(callerPath) || pathsUp(callerPath).includes(path);
}

/** The same as a query condition on `<alias>.org_path` (`… .where(inAreaOrAbove('s', p.orgPath))`). */
export const inAreaOrAbove = (alias: string, callerPath: string) => (eb: any) =>
  eb.or([eb(`${alias}.org_path`, 'like', `${callerPath}%`), eb(`${alias}.org_path`, 'in', pathsUp(callerPath))]);
