/**
 * Fast presigned URLs for browsers: UploadPart (the video parts), PutObject with
 * signed headers (the thumbnail) and GetObject (the video a viewer plays: its redirect is on
 * the path from Stop to the first frame).
 *
 * getSignedUrl() resolves the endpoint ruleset, clones the middleware stack and builds a
 * new presigner (with an empty signing-key cache) on every call: ~3k URLs/s. Here ONE
 * S3RequestPresigner (the SDK's own, the one getSignedUrl uses) is kept for the life of
 * the process and given the HttpRequest directly: ~30k URLs/s (bench/signer.bench.ts).
 * All this module does itself is address the object (path style or virtual-hosted, as
 * the SDK does) and format the URL. part-url-signer.test.ts checks that every URL
 * is identical to getSignedUrl's (same parameters, same signature) for path-style,
 * virtual-hosted, base-path and session-token setups. No checksum parameter is ever
 * added (applyChecksum: false).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

export interface PartUrlSignerOptions {
  /** The client whose credentials, region and hash the URLs are made with (the presign client). */
  client: S3Client;
  /** The endpoint browsers use (S3_PUBLIC_ENDPOINT or S3_ENDPOINT). */
  endpoint: string;
  bucket: string;
  forcePathStyle: boolean;
}

type SignableRequest = Parameters<S3RequestPresigner['presign']>[0];

/** RFC 3986 escaping, as SigV4 canonicalisation (and the SDK's URL formatting) expects. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class PartUrlSigner {
  /** e.g. http://127.0.0.1:8788 or https://bucket.s3.eu-west-1.amazonaws.com */
  readonly origin: string;
  private readonly protocol: string;
  private readonly hostname: string;
  private readonly port: number | undefined;
  private readonly host: string;
  private readonly pathPrefix: string;
  private readonly presigner: S3RequestPresigner;

  constructor(opts: PartUrlSignerOptions) {
    const url = new URL(opts.endpoint);
    const basePath = url.pathname.replace(/\/+$/, '');
    // Like the SDK: virtual-hosted only for DNS-safe bucket names (a dotted one breaks
    // TLS) on a host name, not an IP address.
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.startsWith('[');
    const virtualHosted = !opts.forcePathStyle && !isIp && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(opts.bucket);
    this.protocol = url.protocol;
    this.hostname = virtualHosted ? `${opts.bucket}.${url.hostname}` : url.hostname;
    this.port = url.port ? Number(url.port) : undefined;
    this.host = url.port ? `${this.hostname}:${url.port}` : this.hostname;
    this.origin = `${url.protocol}//${this.host}`;
    this.pathPrefix = virtualHosted ? `${basePath}/` : `${basePath}/${opts.bucket}/`;
    const config = opts.client.config;
    this.presigner = new S3RequestPresigner({
      region: config.region,
      credentials: config.credentials,
      sha256: config.sha256,
      // S3 wants the path as sent (keys are escaped once, below), and no payload checksum.
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /** Presigned PUT URLs for the given parts of one upload, all valid for `expiresIn` s. */
  sign(key: string, uploadId: string, partNumbers: number[], expiresIn: number, signingDate = new Date()): Promise<string[]> {
    const path = this.path(key);
    return Promise.all(
      partNumbers.map((partNumber) =>
        this.presign(
          'PUT',
          path,
          { partNumber: String(partNumber), uploadId, 'x-id': 'UploadPart' },
          {},
          expiresIn,
          signingDate,
        ),
      ),
    );
  }

  /**
   * A presigned PutObject URL whose `headers` are signed: the browser must send exactly
   * these (e.g. Content-Type, and Content-Length to cap the size), or the store answers 403.
   */
  putObject(key: string, headers: Record<string, string>, expiresIn: number, signingDate = new Date()): Promise<string> {
    return this.presign('PUT', this.path(key), { 'x-id': 'PutObject' }, headers, expiresIn, signingDate);
  }

  /** A presigned GetObject URL, optionally answered with this Content-Disposition (a download). */
  getObject(key: string, expiresIn: number, contentDisposition?: string, signingDate = new Date()): Promise<string> {
    const query: Record<string, string> = { 'x-id': 'GetObject' };
    if (contentDisposition !== undefined) query['response-content-disposition'] = contentDisposition;
    return this.presign('GET', this.path(key), query, {}, expiresIn, signingDate);
  }

  /** The URL path of an object key (each segment escaped once, as the SDK does). */
  private path(key: string): string {
    return this.pathPrefix + key.split('/').map(escapeUri).join('/');
  }

  private async presign(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    expiresIn: number,
    signingDate: Date,
  ): Promise<string> {
    const request: SignableRequest = {
      method,
      protocol: this.protocol,
      hostname: this.hostname,
      ...(this.port !== undefined ? { port: this.port } : {}),
      path,
      query,
      headers: { ...headers, host: this.host },
    };
    // The presigner never signs Content-Type unless told to (getSignedUrl leaves it free).
    const signableHeaders = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
    const signed = await this.presigner.presign(request, { expiresIn, signingDate, signableHeaders });
    const params = Object.entries(signed.query ?? {})
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
      .join('&');
    return `${this.origin}${path}?${params}`;
  }
}
