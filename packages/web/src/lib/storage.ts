// localStorage that never throws: a browser may refuse it (private mode, a full quota, storage switched off), and
// nothing this app keeps there (the language, the last activity time, a sign-in or sign-out told to the other tabs)
// is worth failing a page for. Each caller says what happens without it.

/** Stores a value; false when the browser refused. */
export function storeQuietly(key: string, value: string): boolean {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Reads a value; null when missing or when the browser refused. */
export function readQuietly(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
