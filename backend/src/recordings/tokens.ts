/**
 * Upload tokens: HMAC-SHA256(secret, id), so the server keeps no token state and a
 * token works only for its own recording. The secret is UPLOAD_TOKEN_SECRET, or derived
 * from API_TOKEN (rotating the API token then invalidates outstanding upload tokens).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export class UploadTokens {
  private readonly key: Buffer;

  constructor(apiToken: string, uploadTokenSecret?: string) {
    this.key = createHmac('sha256', uploadTokenSecret ?? apiToken)
      .update('reelay/upload-token/v1')
      .digest();
  }

  issue(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url');
  }

  verify(id: string, token: string): boolean {
    return constantTimeEqual(this.issue(id), token);
  }
}

/** Compares two strings in constant time (hashing first hides the length too). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
