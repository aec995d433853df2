/**
 * BENCH BUILDS ONLY. The browser's own ceiling for the upload, for the upload-efficiency benchmark:
 * bare fetch() PUTs from the replay document to presigned URLs, `inFlight` at a time, nothing else
 * (no spool code, no queue, no retries). The part bodies come from
 * - 'memory': one in-memory Blob, sliced to each part's size;
 * - 'indexeddb': chunk-sized Blobs stored in a scratch IndexedDB database and read back before the
 *   clock starts, each part a Blob of slices of them — the same kind of body the spool hands to
 *   fetch(), without any of its reads, queue or acknowledgements.
 * Returns the elapsed ms of the PUTs.
 */
export type FloorBodies = 'memory' | 'indexeddb';

async function storedChunks(total: number, chunkBytes: number): Promise<{ chunks: Blob[]; drop: () => Promise<void> }> {
  const name = `reelay-bench-fetch-floor-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('chunks');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const bytes = new Uint8Array(chunkBytes);
  const count = Math.ceil(total / chunkBytes);
  for (let i = 0; i < count; i += 16) {
    const tx = db.transaction('chunks', 'readwrite');
    for (let k = i; k < Math.min(count, i + 16); k++) tx.objectStore('chunks').put(new Blob([bytes]), k);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  }
  const chunks = await new Promise<Blob[]>((resolve, reject) => {
    const request = db.transaction('chunks').objectStore('chunks').getAll();
    request.onsuccess = () => resolve(request.result as Blob[]);
    request.onerror = () => reject(request.error);
  });
  return {
    chunks,
    drop: async () => {
      db.close();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = resolve;
      });
    },
  };
}

/** Stream bytes [start, end) of `chunks` (each `chunkBytes` long) as one Blob of slices. */
function sliceOf(chunks: Blob[], chunkBytes: number, start: number, end: number): Blob {
  const pieces: Blob[] = [];
  for (let k = Math.floor(start / chunkBytes); k * chunkBytes < end; k++) {
    const at = k * chunkBytes;
    pieces.push(chunks[k]!.slice(Math.max(0, start - at), Math.min(chunkBytes, end - at)));
  }
  return new Blob(pieces);
}

export async function fetchFloor(
  urls: string[],
  partBytes: number,
  lastPartBytes: number,
  inFlight: number,
  bodies: FloorBodies = 'memory',
  chunkSize: number | null = null,
): Promise<number> {
  const chunkBytes = chunkSize ?? 391_000;
  const total = (urls.length - 1) * partBytes + lastPartBytes;
  const memory = new Blob([new Uint8Array(partBytes)]);
  const stored = bodies === 'indexeddb' ? await storedChunks(total, chunkBytes) : undefined;
  const body = (i: number): Blob => {
    const size = i === urls.length - 1 ? lastPartBytes : partBytes;
    return stored ? sliceOf(stored.chunks, chunkBytes, i * partBytes, i * partBytes + size) : size === partBytes ? memory : memory.slice(0, size);
  };
  try {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < urls.length; i = next++) {
          const response = await fetch(urls[i]!, { method: 'PUT', body: body(i) });
          if (!response.ok || !response.headers.get('etag')) throw new Error(`floor PUT ${i + 1}: HTTP ${response.status}`);
        }
      }),
    );
    return performance.now() - start;
  } finally {
    await stored?.drop();
  }
}
