/**
 * The presigned URLs browsers use to reach the bucket directly (part of the store module,
 * see store.ts): UploadPart URLs and the thumbnail PUT through the fast PartUrlSigner, and
 * short-lived GETs (video, download, thumbnail) through the SDK's getSignedUrl. All point at
 * the store as browsers see it (S3_PUBLIC_ENDPOINT when set).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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
    const command = new GetObjectCommand({
      Bucket: this.clients.bucket,
      Key: key,
      ...(contentDisposition !== undefined ? { ResponseContentDisposition: contentDisposition } : {}),
    });
    return getSignedUrl(this.clients.presign, command, { expiresIn });
  }
}
