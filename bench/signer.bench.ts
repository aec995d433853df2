/**
 * Signing cost per part URL, in process: the SDK's getSignedUrl against Reelay's
 * PartUrlSigner (which must produce identical URLs; see part-url-signer.test.ts).
 */
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PartUrlSigner } from '../backend/src/s3/part-url-signer';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'signer';

const KEY = 'recordings/AbC-_0123456789abcdefgh/video';
const UPLOAD_ID = 'upload-id-0123456789';

async function rate(ctx: BenchContext, signBatch: (parts: number[]) => Promise<unknown>): Promise<number[]> {
  const parts = Array.from({ length: 10 }, (_, i) => i + 1);
  const rates: number[] = [];
  const budgetMs = Math.max(250, (ctx.seconds * 1000) / 5);
  for (let run = 0; run < ctx.runs + 1; run++) {
    let signed = 0;
    const start = performance.now();
    while (performance.now() - start < budgetMs) {
      await signBatch(parts);
      signed += parts.length;
    }
    if (run > 0) rates.push((signed / (performance.now() - start)) * 1000); // run 0 warms up
  }
  return rates;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const client = new S3Client({
    endpoint: 'http://127.0.0.1:8788',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const signer = new PartUrlSigner({ client, endpoint: 'http://127.0.0.1:8788', bucket: 'reelay', forcePathStyle: true });
    const ours = await rate(ctx, (parts) => signer.sign(KEY, UPLOAD_ID, parts, 900));
    const sdk = await rate(ctx, (parts) =>
      Promise.all(
        parts.map((n) =>
          getSignedUrl(client, new UploadPartCommand({ Bucket: 'reelay', Key: KEY, UploadId: UPLOAD_ID, PartNumber: n }), {
            expiresIn: 900,
          }),
        ),
      ),
    );
    const note = `${ctx.runs} runs, one thread, batches of 10`;
    return [
      { benchmark: name, metric: 'PartUrlSigner (used by the backend)', value: Math.round(median(ours)), unit: 'URLs/s', note },
      { benchmark: name, metric: 'SDK getSignedUrl (for comparison)', value: Math.round(median(sdk)), unit: 'URLs/s', note },
    ];
  } finally {
    client.destroy();
  }
}
