/**
 * What a reload needs to resume an upload instead of starting over: the recording, its upload
 * token and share link, under the file's fingerprint (name, size, lastModified: the same file
 * picked again has the same one). Kept in localStorage by the page (any Storage-like works: the
 * unit tests use a Map). An upload token only drives its own recording's upload, and expires in
 * use once the upload completes, so keeping it in the page's origin storage is proportionate.
 */
export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

export interface ResumeRecord {
  fingerprint: string;
  recordingId: string;
  uploadToken: string;
  shareUrl: string;
  /** Epoch ms of the last save (old entries are dropped). */
  savedAt: number;
}

/** The part of the Storage interface used here. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'reelay.file-uploads.v1';
/** The store's lifecycle rule aborts multipart uploads after a day: older entries cannot resume. */
export const RESUME_MAX_AGE_MS = 24 * 3600 * 1000;

export function fileFingerprint(file: FileIdentity): string {
  return JSON.stringify([file.name, file.size, file.lastModified]);
}

export class ResumeStore {
  constructor(
    private readonly storage: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The unfinished upload of this file, if one was saved (and is not too old). */
  find(file: FileIdentity): ResumeRecord | undefined {
    return this.load().find((r) => r.fingerprint === fileFingerprint(file));
  }

  save(file: FileIdentity, upload: Omit<ResumeRecord, 'fingerprint' | 'savedAt'>): void {
    const fingerprint = fileFingerprint(file);
    const others = this.load().filter((r) => r.fingerprint !== fingerprint);
    this.write([...others, { ...upload, fingerprint, savedAt: this.now() }]);
  }

  forget(file: FileIdentity): void {
    const fingerprint = fileFingerprint(file);
    this.write(this.load().filter((r) => r.fingerprint !== fingerprint));
  }

  private load(): ResumeRecord[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.storage.getItem(KEY) ?? '[]');
    } catch {
      return []; // unreadable: start over rather than fail the upload
    }
    if (!Array.isArray(parsed)) return [];
    const fresh = this.now() - RESUME_MAX_AGE_MS;
    return parsed.filter(
      (r): r is ResumeRecord =>
        typeof r === 'object' && r !== null && typeof r.fingerprint === 'string' && typeof r.recordingId === 'string' &&
        typeof r.uploadToken === 'string' && typeof r.shareUrl === 'string' && typeof r.savedAt === 'number' && r.savedAt >= fresh,
    );
  }

  private write(records: ResumeRecord[]): void {
    try {
      if (records.length === 0) this.storage.removeItem(KEY);
      else this.storage.setItem(KEY, JSON.stringify(records));
    } catch {
      // Storage full or disabled: the upload still works, it just cannot resume after a reload.
    }
  }
}
