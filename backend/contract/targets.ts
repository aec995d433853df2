/**
 * The stores the contract suite runs against, and what each one is known to do where they
 * legitimately differ (asserted by the suite, so a change in either store is noticed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3, type EmbeddedS3Options } from '../../embedded-s3';
import { EXTENSION_CORS_RULE, RUN_PREFIX, makeClient, removeUnderPrefix } from './helpers';

export type TargetName = 'embedded' | 'radosgw';
export const ALL_TARGETS: readonly TargetName[] = ['embedded', 'radosgw'];

/** Where the stores differ; everything else in the suite is asserted identically for both. */
export interface StoreCapabilities {
  /** PutBucketLifecycleConfiguration is accepted and read back (else: NotImplemented, 501). */
  lifecycleConfiguration: boolean;
  /** UploadPart with partNumber outside 1..10000 is refused with 400 InvalidArgument. */
  partNumberRangeChecked: boolean;
  /** CompleteMultipartUpload refuses a part list that is not ascending (InvalidPartOrder). */
  partOrderChecked: boolean;
  /** CompleteMultipartUpload's response carries the object's ETag (else: empty; use HeadObject). */
  completeReturnsEtag: boolean;
  /** What ListParts answers for an upload that is unknown, aborted or completed. */
  listPartsOfGoneUpload: { status: number; code: string };
  /** What CompleteMultipartUpload answers for an upload id that never existed. */
  completeOfUnknownUpload: { status: number; code: string };
  /**
   * Error responses (e.g. 403 for an expired part URL) carry the bucket's CORS headers. When
   * false, a browser sees a failed fetch (TypeError) instead of the 403: the extension must treat
   * a network error on a part PUT like an expired URL (ask for fresh URLs, then retry).
   */
  corsOnErrorResponses: boolean;
}

export const KNOWN_CAPABILITIES: Record<TargetName, StoreCapabilities> = {
  // Behaves like AWS S3 except lifecycle: the backend's sweeper aborts stale uploads itself
  // (ListMultipartUploads + AbortMultipartUpload).
  embedded: {
    lifecycleConfiguration: false,
    partNumberRangeChecked: true,
    partOrderChecked: true,
    completeReturnsEtag: true,
    listPartsOfGoneUpload: { status: 404, code: 'NoSuchUpload' },
    completeOfUnknownUpload: { status: 404, code: 'NoSuchUpload' },
    corsOnErrorResponses: true,
  },
  // Ceph 16.2 radosgw (Debian bookworm), as observed.
  radosgw: {
    lifecycleConfiguration: true,
    partNumberRangeChecked: false,
    partOrderChecked: false,
    completeReturnsEtag: false,
    listPartsOfGoneUpload: { status: 404, code: 'NoSuchKey' },
    completeOfUnknownUpload: { status: 500, code: 'InternalError' },
    corsOnErrorResponses: false,
  },
};

export interface StoreTarget {
  name: TargetName;
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  capabilities: StoreCapabilities;
}

/** What the contract globalSetup hands over about radosgw. */
export type RadosgwInfo =
  | { ok: true; endpoint: string; region: string; accessKeyId: string; secretAccessKey: string }
  | { ok: false; error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    contractTargets: TargetName[];
    radosgw: RadosgwInfo | null;
  }
}

/** REELAY_CONTRACT_TARGETS=embedded (or radosgw, or both comma-separated); default: both. */
export function selectedTargets(env: NodeJS.ProcessEnv = process.env): TargetName[] {
  const raw = env.REELAY_CONTRACT_TARGETS?.trim();
  if (!raw) return [...ALL_TARGETS];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !ALL_TARGETS.includes(n as TargetName));
  if (unknown.length) {
    throw new Error(`REELAY_CONTRACT_TARGETS: unknown target(s) ${unknown.join(', ')}; use ${ALL_TARGETS.join(', ')}`);
  }
  return names as TargetName[];
}

export interface OpenTarget {
  target: StoreTarget;
  close(): Promise<void>;
}

/**
 * Starts an embedded store on `directory` as the backend starts it (its own child process, a
 * free port), with test credentials unless `options` say otherwise. The caller stops it.
 */
export async function startEmbeddedTarget(
  directory: string,
  options: Partial<EmbeddedS3Options> = {},
): Promise<{ store: EmbeddedS3; target: StoreTarget }> {
  const settings: EmbeddedS3Options = {
    directory,
    port: 0,
    bucket: 'reelay',
    accessKeyId: 'contract-access',
    secretAccessKey: 'contract-secret',
    corsOrigins: ['chrome-extension://*', 'http://localhost:8787'],
    ...options,
  };
  const store = await startEmbeddedS3(settings);
  const { bucket, accessKeyId, secretAccessKey } = settings;
  const target: StoreTarget = {
    name: 'embedded',
    endpoint: store.endpoint,
    region: store.region,
    bucket,
    accessKeyId,
    secretAccessKey,
    capabilities: KNOWN_CAPABILITIES.embedded,
  };
  return { store, target };
}

/** A fresh embedded store in a temp dir of its own, removed on close. */
export async function openEmbedded(): Promise<OpenTarget> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'reelay-contract-'));
  const { store, target } = await startEmbeddedTarget(directory).catch(async (err: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw err;
  });
  return {
    target,
    close: async () => {
      await store.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The radosgw started by globalSetup; the bucket is created and given CORS like a deployment would. */
export async function openRadosgw(info: RadosgwInfo | null): Promise<OpenTarget> {
  if (!info) throw new Error('radosgw target requested but the contract globalSetup did not prepare it');
  if (!info.ok) throw new Error(info.error);
  const target: StoreTarget = {
    name: 'radosgw',
    endpoint: info.endpoint,
    region: info.region,
    bucket: 'reelay-contract',
    accessKeyId: info.accessKeyId,
    secretAccessKey: info.secretAccessKey,
    capabilities: KNOWN_CAPABILITIES.radosgw,
  };
  const s3 = makeClient(target);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: target.bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: target.bucket }));
  }
  await s3.send(
    new PutBucketCorsCommand({ Bucket: target.bucket, CORSConfiguration: { CORSRules: [EXTENSION_CORS_RULE] } }),
  );
  // Left-overs of interrupted runs (a day old: concurrent runs are never touched).
  await removeUnderPrefix(s3, target.bucket, 'contract/', new Date(Date.now() - 24 * 3600_000));
  return {
    target,
    close: async () => {
      await removeUnderPrefix(s3, target.bucket, RUN_PREFIX);
      s3.destroy();
    },
  };
}
