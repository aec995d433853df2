/**
 * Simulated share-page viewers, as a browser would drive a share link: the page, the video
 * redirect and its first bytes, the comments, a comment or a reaction, and a view with its
 * progress. Counts every answer by status so a load test can assert 0 × 5xx. Each viewer is
 * its own cookie jar (the anonymous viewer cookie), so views are told apart like real people.
 */
export interface ViewerRunResult {
  requests: number;
  byStatus: Record<string, number>;
  /** One line per request that failed without an HTTP answer, or answered 5xx. */
  failures: string[];
  /** Comments the server accepted (201). */
  commentsPosted: number;
}

export async function runSimulatedViewers(opts: { url: string; recordingIds: string[]; viewers: number }): Promise<ViewerRunResult> {
  const result: ViewerRunResult = { requests: 0, byStatus: {}, failures: [], commentsPosted: 0 };
  const count = (status: number, what: string) => {
    result.requests++;
    result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
    if (status >= 500) result.failures.push(`${what}: HTTP ${status}`);
  };

  const viewer = async (n: number) => {
    const id = opts.recordingIds[n % opts.recordingIds.length]!;
    let cookie = '';
    const go = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response | undefined> => {
      try {
        const res = await fetch(opts.url + path, {
          method,
          redirect: 'manual',
          headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const set = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        if (set) cookie = set;
        count(res.status, `viewer ${n} ${method} ${path}`);
        return res;
      } catch (err) {
        result.failures.push(`viewer ${n} ${method} ${path}: ${(err as Error).message}`);
        return undefined;
      }
    };
    await (await go('GET', `/v/${id}`))?.text();
    const video = await go('GET', `/v/${id}/video`);
    const location = video?.headers.get('location');
    if (location) {
      // The player's first range request, straight to the store.
      const first = await fetch(location, { headers: { range: 'bytes=0-65535' } }).catch(() => undefined);
      if (!first || first.status !== 206) result.failures.push(`viewer ${n}: first bytes from the store: ${first?.status ?? 'no answer'}`);
      await first?.arrayBuffer();
    }
    await (await go('GET', `/api/recordings/${id}/comments`))?.text();
    const posted = await go('POST', `/api/recordings/${id}/comments`, n % 2 ? { atMs: (n * 137) % 4000, author: `Viewer ${n}`, text: `Comment <b>${n}</b>` } : { atMs: (n * 71) % 4000, author: `Viewer ${n}`, emoji: '👍' });
    if (posted?.status === 201) result.commentsPosted++;
    await posted?.text();
    const view = await go('POST', `/api/recordings/${id}/views`);
    const viewId = view && view.status === 201 ? ((await view.json()) as { viewId: string }).viewId : undefined;
    if (viewId) await (await go('POST', `/api/recordings/${id}/views/${viewId}`, { watchedMs: 800 }))?.text();
  };

  await Promise.all(Array.from({ length: opts.viewers }, (_, n) => viewer(n)));
  return result;
}
