/**
 * Titles of finished recordings renamed from the Recent list. The rename goes to the server with
 * the person's token (the recorder's own record can only be updated with the upload token, which
 * no longer works once the upload is complete), so the list shows the server's new title from here
 * until the record is gone. Kept in storage.local, pruned to the records the list still has.
 */
import browser from 'webextension-polyfill';

const KEY = 'recentTitles';

async function load(): Promise<Record<string, string>> {
  const value: unknown = (await browser.storage.local.get(KEY))[KEY];
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export async function rememberTitle(recordingId: string, title: string): Promise<void> {
  await browser.storage.local.set({ [KEY]: { ...(await load()), [recordingId]: title } });
}

export async function forgetTitle(recordingId: string): Promise<void> {
  const titles = await load();
  delete titles[recordingId];
  await browser.storage.local.set({ [KEY]: titles });
}

/** The items with their renamed titles; entries of records no longer listed are dropped. */
export async function withRenamedTitles<T extends { recordingId?: string | undefined; title: string }>(items: T[]): Promise<T[]> {
  const titles = await load();
  const listed = new Set(items.map((i) => i.recordingId).filter((id): id is string => id !== undefined));
  const stale = Object.keys(titles).filter((id) => !listed.has(id));
  if (stale.length > 0) {
    for (const id of stale) delete titles[id];
    await browser.storage.local.set({ [KEY]: titles });
  }
  return items.map((i) => (i.recordingId !== undefined && titles[i.recordingId] !== undefined ? { ...i, title: titles[i.recordingId]! } : i));
}
