/**
 * Manifest objects of the embedded store (pure logic, no I/O).
 *
 * CompleteMultipartUpload does not concatenate the parts (O(size)): the parts are moved as
 * they are into a data folder and the object's file becomes a small manifest listing them
 * (O(number of parts)). Reads stream the parts in sequence (object-files.ts).
 *
 * A manifest file starts with MANIFEST_MAGIC. Uploaded bytes that happen to start with it are
 * stored as a one-part manifest themselves (s3rver-patches.ts), so a stored object file that starts
 * with MANIFEST_MAGIC is always one we wrote: no PutObject can pass for a manifest.
 */
export const MANIFEST_MAGIC = 'reelay-embedded-s3-manifest/1\n';
export const MANIFEST_MAGIC_BYTES = Buffer.from(MANIFEST_MAGIC, 'utf8');
/** 10,000 parts of ~25 bytes of JSON each, plus metadata (S3 caps user metadata at 2 KB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface ManifestPart {
  /** File name inside the data folder (the part number). */
  file: string;
  size: number;
}

export interface Manifest {
  /** Random 32-hex id of the data folder `<bucket>/._S3rver_objects/<dataId>/` holding the parts. */
  dataId: string;
  size: number;
  /** Unquoted: `<md5>` or S3's multipart `<md5 of md5s>-<count>`. */
  etag: string;
  /** Content-Type, Cache-Control, x-amz-meta-*, … as s3rver keeps them in metadata.json. */
  metadata: Record<string, string>;
  parts: ManifestPart[];
}

/** A part's byte range to read, inclusive like fs.createReadStream's start/end. */
export interface Segment {
  file: string;
  start: number;
  end: number;
}

const DATA_ID = /^[0-9a-f]{32}$/;
const PART_FILE = /^[1-9]\d{0,4}$/;
const ETAG = /^[0-9a-f]{32}(-\d{1,5})?$/;
const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

export const isDataId = (id: string) => DATA_ID.test(id);

export function encodeManifest(manifest: Manifest): Buffer {
  return Buffer.concat([MANIFEST_MAGIC_BYTES, Buffer.from(JSON.stringify(manifest), 'utf8')]);
}

export function startsWithMagic(head: Uint8Array): boolean {
  return head.length >= MANIFEST_MAGIC_BYTES.length && MANIFEST_MAGIC_BYTES.equals(head.subarray(0, MANIFEST_MAGIC_BYTES.length));
}

/**
 * Parses a manifest file's content. Throws if it starts with the magic but is not a valid
 * manifest: only we write such files, so that means the file was damaged.
 */
export function decodeManifest(content: Buffer): Manifest {
  if (!startsWithMagic(content)) throw new Error('not a manifest');
  let raw: unknown;
  try {
    raw = JSON.parse(content.subarray(MANIFEST_MAGIC_BYTES.length).toString('utf8'));
  } catch {
    throw new Error('damaged manifest: invalid JSON');
  }
  const m = raw as Partial<Manifest> | null;
  const problem = (() => {
    if (typeof m !== 'object' || m === null) return 'not an object';
    if (typeof m.dataId !== 'string' || !DATA_ID.test(m.dataId)) return 'bad dataId';
    if (!isSize(m.size)) return 'bad size';
    if (typeof m.etag !== 'string' || !ETAG.test(m.etag)) return 'bad etag';
    if (typeof m.metadata !== 'object' || m.metadata === null || Array.isArray(m.metadata)) return 'bad metadata';
    if (Object.values(m.metadata).some((v) => typeof v !== 'string')) return 'bad metadata value';
    if (!Array.isArray(m.parts)) return 'bad parts';
    let total = 0;
    for (const part of m.parts as unknown[]) {
      const p = part as Partial<ManifestPart> | null;
      if (typeof p !== 'object' || p === null || typeof p.file !== 'string' || !PART_FILE.test(p.file) || !isSize(p.size)) {
        return 'bad part';
      }
      total += p.size;
    }
    if (total !== m.size) return 'part sizes do not add up to the size';
    return undefined;
  })();
  if (problem) throw new Error(`damaged manifest: ${problem}`);
  const manifest = m as Manifest;
  return {
    dataId: manifest.dataId,
    size: manifest.size,
    etag: manifest.etag,
    metadata: { ...manifest.metadata },
    parts: manifest.parts.map((p) => ({ file: p.file, size: p.size })),
  };
}

/**
 * The pieces of the parts that make up bytes start..end (inclusive) of the object: starts in
 * the right part at the right offset, so a Range read never touches the parts before it.
 * Requires 0 <= start <= end < manifest.size (callers check satisfiability first).
 */
export function segmentsFor(manifest: Manifest, start: number, end: number): Segment[] {
  if (!(start >= 0 && start <= end && end < manifest.size)) {
    throw new RangeError(`range ${start}-${end} outside 0-${manifest.size - 1}`);
  }
  const offsets: number[] = [];
  let at = 0;
  for (const part of manifest.parts) {
    offsets.push(at);
    at += part.size;
  }
  // Last part whose offset <= start (binary search: up to 10,000 parts).
  let lo = 0;
  let hi = manifest.parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= start) lo = mid;
    else hi = mid - 1;
  }
  const segments: Segment[] = [];
  for (let i = lo; i < manifest.parts.length && offsets[i]! <= end; i++) {
    const part = manifest.parts[i]!;
    if (part.size === 0) continue; // an empty part contributes nothing
    const from = Math.max(start, offsets[i]!) - offsets[i]!;
    const to = Math.min(end, offsets[i]! + part.size - 1) - offsets[i]!;
    if (from <= to) segments.push({ file: part.file, start: from, end: to });
  }
  return segments;
}
