/**
 * Signing cost per part URL, in process: Reelay's PartUrlSigner (one cached
 * S3RequestPresigner given the HttpRequest directly; its URLs equal getSignedUrl's, see
 * part-url-signer.test.ts) against the SDK's getSignedUrl, which builds a presigner and
 * a middleware stack per call. The two take turns within every run, so a busy machine
 * slows them alike and the ratio stays meaningful.
 */
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PartUrlSigner } from '../backend/src/s3/part-url-signer';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'signer';

const KEY = 'recordings/AbC-_0123456789abcdefgh/video';
const UPLOAD_ID = 'upload-id-0123456789';
const PARTS = Array.from({ length: 10 }, (_, i) => i + 1);

type SignBatch = (parts: number[]) => Promise<unknown>;

/** URLs per second of `signBatch` over `budgetMs`. */
async function measure(signBatch: SignBatch, budgetMs: number): Promise<number> {
  let signed = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    await signBatch(PARTS);
    signed += PARTS.length;
  }
  return (signed / (performance.now() - start)) * 1000;
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
    const methods: Array<{ metric: string; signBatch: SignBatch }> = [
      {
        metric: 'PartUrlSigner: one cached S3RequestPresigner (used by the backend)',
        signBatch: (parts) => signer.sign(KEY, UPLOAD_ID, parts, 900),
      },
      {
        metric: 'SDK getSignedUrl per URL (for comparison)',
        signBatch: (parts) =>
          Promise.all(
            parts.map((n) =>
              getSignedUrl(client, new UploadPartCommand({ Bucket: 'reelay', Key: KEY, UploadId: UPLOAD_ID, PartNumber: n }), {
                expiresIn: 900,
              }),
            ),
          ),
      },
    ];
    const budgetMs = Math.max(250, (ctx.seconds * 1000) / 5);
    const rates = methods.map(() => [] as number[]);
    for (let run = 0; run < ctx.runs + 1; run++) {
      for (const [i, m] of methods.entries()) {
        const rate = await measure(m.signBatch, budgetMs);
        if (run > 0) rates[i]!.push(rate); // run 0 warms up (JIT, signing-key caches)
      }
    }
    const note = `${ctx.runs} runs × ${budgetMs} ms each, taking turns; one thread, batches of 10`;
    return methods.map((m, i) => ({
      benchmark: name,
      metric: m.metric,
      value: Math.round(median(rates[i]!)),
      unit: 'URLs/s',
      note: `${note}; min–max ${Math.round(Math.min(...rates[i]!))}–${Math.round(Math.max(...rates[i]!))}`,
    }));
  } finally {
    client.destroy();
  }
}
