/**
 * The presigned URLs browsers use to reach the bucket directly (part of the store module,
 * see store.ts), all made by the fast PartUrlSigner (one long-lived presigner instead of
 * getSignedUrl's per-call set-up): UploadPart URLs, the thumbnail PUT, and short-lived GETs
 * (video, download, thumbnail). All point at the store as browsers see it (S3_PUBLIC_ENDPOINT
 * when set).
 */
import type { S3Clients } from '../s3/client';
import { PartUrlSigner } from '../s3/part-url-signer';

export class StoreUrls {
  private readonly signer: PartUrlSigner;

  constructor(private readonly clients: S3Clients) {
    this.signer = new PartUrlSigner({
      client: clients.presign,
      endpoint: clients.presignEndpoint,
      bucket: clients.bucket,
      forcePathStyle: clients.forcePathStyle,
    });
  }

  /** Origin of the store as browsers see it (the share page's CSP allows it). */
  get origin(): string {
    return this.signer.origin;
  }

  /** Presigned UploadPart URLs, one per part number, in the same order. */
  uploadParts(key: string, uploadId: string, partNumbers: number[], expiresIn: number): Promise<string[]> {
    return this.signer.sign(key, uploadId, partNumbers, expiresIn);
  }

  /** A presigned PutObject URL; the browser must send exactly these headers. */
  putObject(key: string, headers: Record<string, string>, expiresIn: number): Promise<string> {
    return this.signer.putObject(key, headers, expiresIn);
  }

  /** A presigned GetObject URL (optionally answered with this Content-Disposition). */
  getObject(key: string, expiresIn: number, contentDisposition?: string): Promise<string> {
    return this.signer.getObject(key, expiresIn, contentDisposition);
  }
}
