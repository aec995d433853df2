/**
 * At start: make sure the bucket exists, allow browsers (extension origins + the
 * backend's own origin) to PUT/GET/HEAD with the ETag exposed, and ask the store to
 * abort incomplete multipart uploads after a day. What the store does not support is
 * logged in one line each; only a bucket that neither exists nor can be created is fatal.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3ErrorName, s3StatusCode } from './client';

export class StorageSetupError extends Error {
  override name = 'StorageSetupError';
}

export interface BucketSetupOptions {
  client: S3Client;
  bucket: string;
  /** For messages only. */
  endpoint: string;
  region: string;
  corsOrigins: string[];
  /** false when the store was already set up (the embedded store creates its bucket + CORS). */
  createAndCors: boolean;
  /** Where the lifecycle rule aborts incomplete multipart uploads (the recordings' prefix). */
  lifecyclePrefix: string;
  log: (line: string) => void;
}

export function bucketCorsRules(origins: string[]) {
  return [
    {
      AllowedOrigins: origins,
      AllowedMethods: ['PUT', 'GET', 'HEAD'],
      AllowedHeaders: ['*'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3000,
    },
  ];
}

function describe(err: unknown): string {
  const name = s3ErrorName(err) ?? (err as Error)?.name ?? 'Error';
  const status = s3StatusCode(err);
  return `${name}${status ? ` (HTTP ${status})` : ''}`;
}

export async function setUpBucket(opts: BucketSetupOptions): Promise<void> {
  const { client, bucket, log } = opts;
  if (opts.createAndCors) {
    await ensureBucket(opts);
    try {
      await client.send(
        new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: bucketCorsRules(opts.corsOrigins) } }),
      );
    } catch (err) {
      log(
        `WARNING: could not set the bucket CORS (${describe(err)}): allow PUT/GET/HEAD from ${opts.corsOrigins.join(', ')} and expose ETag on bucket "${bucket}" yourself, or uploads from the extension fail`,
      );
    }
  }
  try {
    await client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'reelay-abort-incomplete-uploads',
              Status: 'Enabled',
              Filter: { Prefix: opts.lifecyclePrefix },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      }),
    );
  } catch (err) {
    log(
      `Note: the store does not accept a lifecycle rule (${describe(err)}); abandoned uploads are aborted by the sweeper only`,
    );
  }
}

const CREDENTIAL_ERRORS = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidToken', 'ExpiredToken']);

/**
 * HeadBucket said 403, which has no body to tell "wrong credentials" from "no permission
 * for bucket-level calls". A GET of a missing key does (its error has a body).
 */
async function checkCredentials(client: S3Client, bucket: string, log: (line: string) => void): Promise<void> {
  try {
    await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'healthz/probe' }));
  } catch (err) {
    const name = s3ErrorName(err);
    if (name === 'NoSuchKey') return;
    if (name && CREDENTIAL_ERRORS.has(name)) {
      throw new StorageSetupError(
        `The store rejects the credentials (${describe(err)}): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY`,
      );
    }
    if (name === 'NoSuchBucket') {
      throw new StorageSetupError(`Bucket "${bucket}" does not exist and these credentials may not check or create it`);
    }
    log(`WARNING: not allowed to check bucket "${bucket}" (${describe(err)}); assuming it exists`);
  }
}

async function ensureBucket({ client, bucket, endpoint, region, log }: BucketSetupOptions): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (err) {
    const status = s3StatusCode(err);
    if (status !== 404) {
      if (status === 403) return checkCredentials(client, bucket, log);
      const why = status ? describe(err) : (err as Error).message;
      throw new StorageSetupError(`Cannot reach bucket "${bucket}" at ${endpoint}: ${why}`);
    }
  }
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region !== 'us-east-1' && region !== 'auto'
          ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }
          : {}),
      }),
    );
    log(`Created bucket "${bucket}"`);
  } catch (err) {
    const name = s3ErrorName(err);
    if (name === 'BucketAlreadyOwnedByYou') return;
    throw new StorageSetupError(`Bucket "${bucket}" does not exist and cannot be created: ${describe(err)}`);
  }
}
