import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, ListPartsCommand, PutObjectCommand, DeleteObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '../embedded-s3';
const BUCKET='reelay';
const directory = await mkdtemp(join(tmpdir(), 'probe-'));
const store = await startEmbeddedS3({ directory, port: 0, bucket: BUCKET, accessKeyId: 'b', secretAccessKey: 'bsecret', corsOrigins: [] });
const s3 = new S3Client({ endpoint: store.endpoint, region: store.region, forcePathStyle: true, credentials: { accessKeyId: 'b', secretAccessKey: 'bsecret' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const t = async (label: string, fn: () => Promise<unknown>, n = 15) => { const xs: number[] = []; for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); xs.push(performance.now() - s); } xs.sort((a,b)=>a-b); console.log(label.padEnd(30), 'median', xs[n>>1].toFixed(1), 'min', xs[0].toFixed(1), 'max', xs.at(-1)!.toFixed(1)); };
await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a.json', Body: JSON.stringify({ x: 1, title: 'hello' }) }));
await t('GET small', () => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a.json' })).then((r) => r.Body!.transformToString()));
await t('PUT small', () => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'b.json', Body: '{"a":1}' })));
await t('DELETE', () => s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'c.json' })));
const N = Number(process.env.N ?? 120);
const body = Buffer.alloc(5 * 1024 * 1024, 1);
for (let round = 0; round < 3; round++) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: `v${round}`, ContentType: 'video/webm' }));
  const parts: { PartNumber: number; ETag: string }[] = [];
  for (let n = 1; n <= N; n++) { const r = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: `v${round}`, UploadId, PartNumber: n, Body: n === N ? body.subarray(0, 1000) : body })); parts.push({ PartNumber: n, ETag: r.ETag! }); }
  await t(`ListParts ${N}`, () => s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: `v${round}`, UploadId })), 5);
  await t(`ListParts marker`, () => s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: `v${round}`, UploadId, PartNumberMarker: String(N - 1) })), 5);
  await t(`Complete ${N}`, () => s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: `v${round}`, UploadId, MultipartUpload: { Parts: parts } })), 1);
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `v${round}` }));
}
await store.stop();
