/**
 * The fast part-URL signer must produce exactly what the SDK's getSignedUrl produces
 * (same parameters, same signature) for path-style and virtual-hosted endpoints.
 */
import { UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { createS3Clients } from '../src/s3/client';
import { PartUrlSigner } from '../src/s3/part-url-signer';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const params = (url: string) => {
  const u = new URL(url);
  return { origin: u.origin, pathname: u.pathname, query: Object.fromEntries([...u.searchParams].sort()) };
};

describe('PartUrlSigner', () => {
  it.each([
    { name: 'path style, IP endpoint with port', endpoint: 'http://127.0.0.1:8788', forcePathStyle: true, region: 'us-east-1' },
    { name: 'path style, host name, https, R2 region', endpoint: 'https://acc.r2.cloudflarestorage.com', forcePathStyle: true, region: 'auto' },
    { name: 'virtual-hosted', endpoint: 'https://s3.eu-west-1.amazonaws.com', forcePathStyle: false, region: 'eu-west-1' },
    { name: 'endpoint with a base path', endpoint: 'https://proxy.example.com/s3', forcePathStyle: true, region: 'us-east-1' },
  ])('signs like getSignedUrl: $name', async ({ endpoint, forcePathStyle, region }) => {
    const clients = createS3Clients({
      endpoint,
      region,
      bucket: 'reelay',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      forcePathStyle,
    });
    try {
      const signer = new PartUrlSigner({ client: clients.presign, endpoint, bucket: 'reelay', forcePathStyle });
      const signingDate = new Date('2025-11-22T10:00:00Z');
      const uploadId = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA+/=';
      for (const partNumber of [1, 42, 10_000]) {
        const ours = await signer.sign('recordings/AbC-_0123456789abcdefgh/video', uploadId, partNumber, 900, signingDate);
        const sdk = await getSignedUrl(
          clients.presign,
          new UploadPartCommand({ Bucket: 'reelay', Key: 'recordings/AbC-_0123456789abcdefgh/video', UploadId: uploadId, PartNumber: partNumber }),
          { expiresIn: 900, signingDate },
        );
        expect(params(ours)).toEqual(params(sdk));
        expect(new URL(ours).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
        expect(ours).not.toMatch(/checksum/i);
      }
    } finally {
      clients.destroy();
    }
  });
});
