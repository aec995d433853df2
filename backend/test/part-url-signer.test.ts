/**
 * The fast part-URL signer must produce exactly what the SDK's getSignedUrl produces
 * (same parameters, same signature) for path-style, virtual-hosted, base-path and
 * session-token setups.
 */
import { GetObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { PartUrlSigner } from '../src/s3/part-url-signer';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const params = (url: string) => {
  const u = new URL(url);
  return { origin: u.origin, pathname: u.pathname, query: Object.fromEntries([...u.searchParams].sort()) };
};

const KEY = 'recordings/AbC-_0123456789abcdefgh/video';

describe('PartUrlSigner', () => {
  it.each([
    { name: 'path style, IP endpoint with port', endpoint: 'http://127.0.0.1:8788', forcePathStyle: true, region: 'us-east-1', bucket: 'reelay' },
    { name: 'path style, https host, R2 region "auto"', endpoint: 'https://acc.r2.cloudflarestorage.com', forcePathStyle: true, region: 'auto', bucket: 'reelay' },
    { name: 'virtual-hosted', endpoint: 'https://s3.eu-west-1.amazonaws.com', forcePathStyle: false, region: 'eu-west-1', bucket: 'my-videos' },
    { name: 'virtual-hosted asked, dotted bucket falls back to path style', endpoint: 'https://s3.eu-west-1.amazonaws.com', forcePathStyle: false, region: 'eu-west-1', bucket: 'videos.example.com' },
    { name: 'endpoint with a base path', endpoint: 'https://proxy.example.com/s3', forcePathStyle: true, region: 'us-east-1', bucket: 'reelay' },
    { name: 'temporary credentials (session token)', endpoint: 'https://minio.example.com:9000', forcePathStyle: true, region: 'us-east-1', bucket: 'reelay', sessionToken: 'FwoGZXIvYXdzE+/token=' },
  ])('signs exactly like getSignedUrl: $name', async ({ endpoint, forcePathStyle, region, bucket, sessionToken }) => {
    const client = new S3Client({
      endpoint,
      region,
      forcePathStyle,
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        ...(sessionToken ? { sessionToken } : {}),
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      const signer = new PartUrlSigner({ client, endpoint, bucket, forcePathStyle });
      const signingDate = new Date('2025-11-22T10:00:00Z');
      const uploadId = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA+/=~!*()';
      const partNumbers = [1, 42, 10_000];
      const ours = await signer.sign(KEY, uploadId, partNumbers, 900, signingDate);
      expect(ours).toHaveLength(3);
      for (const [i, partNumber] of partNumbers.entries()) {
        const sdk = await getSignedUrl(
          client,
          new UploadPartCommand({ Bucket: bucket, Key: KEY, UploadId: uploadId, PartNumber: partNumber }),
          { expiresIn: 900, signingDate },
        );
        expect(params(ours[i]!)).toEqual(params(sdk));
        expect(new URL(ours[i]!).searchParams.get('partNumber')).toBe(String(partNumber));
        expect(ours[i]).not.toMatch(/checksum/i);
      }
      // GetObject: the video a viewer plays, and a download with its file name (quotes, UTF-8).
      for (const disposition of [undefined, `attachment; filename="Q3 review (final).webm"; filename*=UTF-8''Q3%20review%20%E2%80%94%20final.webm`]) {
        const get = await signer.getObject(KEY, 3600, disposition, signingDate);
        const sdk = await getSignedUrl(
          client,
          new GetObjectCommand({ Bucket: bucket, Key: KEY, ...(disposition !== undefined ? { ResponseContentDisposition: disposition } : {}) }),
          { expiresIn: 3600, signingDate },
        );
        expect(params(get)).toEqual(params(sdk));
        expect(new URL(get).searchParams.get('response-content-disposition')).toBe(disposition ?? null);
      }
    } finally {
      client.destroy();
    }
  });
});
