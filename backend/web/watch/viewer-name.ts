/** The name a viewer who is not signed in comments under: asked once, remembered in this browser. */
const KEY = 'reelay:viewer-name';

export function savedName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // storage off: asked again next time
  }
}
