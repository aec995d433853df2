/**
 * CompleteMultipartUpload in the embedded store (embedded-s3/), for a 30 MB and a
 * 300 MB upload of 5 MiB parts, plus what reading the completed object costs afterwards
 * (HEAD, first byte of a GET, a 1 MiB Range spanning a part boundary, a whole GET).
 *
 * Real S3, R2 and radosgw complete in O(1); the goal is a complete that stays flat in the
 * object's size, so that Stop → share link does not grow with the recording's length.
 * Every run uploads a fresh object (the parts are uploaded outside the measured window).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '../embedded-s3';
import { PART_SIZE } from '../api';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'embedded-complete';

const BUCKET = 'reelay';
const SIZES = [
  { label: '30 MB', parts: 6 },
  { label: '300 MB', parts: 57 },
] as const;
/** The last part is shorter, as in a real recording. */
const LAST_PART = 1_234_567;

const spread = (xs: number[]) => `min–max ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

async function uploadParts(s3: S3Client, key: string, parts: number, body: Buffer, last: Buffer) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'video/webm' }));
  const etags: string[] = new Array(parts + 1);
  let next = 1;
  // Three in flight, like the extension.
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next <= parts + 1) {
        const n = next++;
        const result = await s3.send(
          new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: n, Body: n === parts + 1 ? last : body }),
        );
        etags[n - 1] = result.ETag!;
      }
    }),
  );
  return { uploadId: UploadId!, parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const directory = await mkdtemp(join(tmpdir(), 'reelay-bench-complete-'));
  const store = await startEmbeddedS3({
    directory,
    port: 0,
    bucket: BUCKET,
    accessKeyId: 'bench',
    secretAccessKey: 'bench-secret',
    corsOrigins: [],
  });
  const s3 = new S3Client({
    endpoint: store.endpoint,
    region: store.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench-secret' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const body = randomBytes(PART_SIZE);
  const last = randomBytes(LAST_PART);
  const rows: BenchRow[] = [];
  try {
    for (const size of SIZES) {
      const samples = { complete: [] as number[], head: [] as number[], firstByte: [] as number[], range: [] as number[], get: [] as number[] };
      const totalBytes = size.parts * PART_SIZE + LAST_PART;
      for (let i = 0; i < ctx.runs; i++) {
        const key = `bench/${size.label.replace(' ', '')}-${i}/video`;
        const upload = await uploadParts(s3, key, size.parts, body, last);
        const [completeMs] = await time(() =>
          s3.send(
            new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: upload.uploadId, MultipartUpload: { Parts: upload.parts } }),
          ),
        );
        samples.complete.push(completeMs);
        const [headMs, head] = await time(() => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })));
        if (head.ContentLength !== totalBytes) throw new Error(`HEAD says ${head.ContentLength} bytes, expected ${totalBytes}`);
        samples.head.push(headMs);
        const [firstByteMs, reader] = await time(async () => {
          const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
          const it = (object.Body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
          await it.next();
          return it;
        });
        await reader.return?.();
        samples.firstByte.push(firstByteMs);
        const boundary = 3 * PART_SIZE;
        const [rangeMs, ranged] = await time(async () => {
          const object = await s3.send(
            new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: `bytes=${boundary - 512 * 1024}-${boundary + 512 * 1024 - 1}` }),
          );
          return object.Body!.transformToByteArray();
        });
        if (ranged.length !== 1024 * 1024) throw new Error(`Range GET returned ${ranged.length} bytes`);
        samples.range.push(rangeMs);
        const [getMs, got] = await time(async () => {
          const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
          let n = 0;
          for await (const chunk of object.Body as AsyncIterable<Uint8Array>) n += chunk.length;
          return n;
        });
        if (got !== totalBytes) throw new Error(`GET returned ${got} bytes, expected ${totalBytes}`);
        samples.get.push(getMs);
        await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        ctx.log(`  ${size.label} run ${i + 1}: complete ${completeMs.toFixed(1)} ms, GET ${getMs.toFixed(0)} ms`);
      }
      const note = `${ctx.runs} runs, ${size.parts + 1} parts, ${(totalBytes / 1e6).toFixed(0)} MB; ${spread(samples.complete)}`;
      const row = (metric: string, xs: number[], extra = '') => ({
        benchmark: name,
        metric: `${size.label}: ${metric}`,
        value: Number(median(xs).toFixed(1)),
        unit: 'ms',
        note: `${ctx.runs} runs; ${spread(xs)}${extra}`,
      });
      rows.push({ ...row('CompleteMultipartUpload', samples.complete), note });
      rows.push(row('HeadObject after complete', samples.head));
      rows.push(row('GetObject first byte', samples.firstByte));
      rows.push(row('1 MiB Range across a part boundary', samples.range));
      const mbps = (ms: number) => totalBytes / 1e6 / (ms / 1000);
      rows.push({
        benchmark: name,
        metric: `${size.label}: whole GetObject`,
        value: Number(mbps(median(samples.get)).toFixed(0)),
        unit: 'MB/s',
        note: `${ctx.runs} runs; ${spread(samples.get.map(mbps))}`,
      });
    }
  } finally {
    s3.destroy();
    await store.stop();
    await rm(directory, { recursive: true, force: true });
  }
  return rows;
}
