/**
 * Typed access to the parts of @20minutes/s3rver 4.0.4 (CommonJS, no bundled types) that the
 * embedded store builds on. Only what we use is typed; node_modules is never patched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Resolves s3rver's own dependencies (fast-xml-parser) from its location, not the project's. */
const s3rverRequire = createRequire(require.resolve('@20minutes/s3rver'));

export interface S3ErrorInstance extends Error {
  code: string;
  status: number;
  expose: boolean;
  detail: Record<string, unknown>;
}
type S3ErrorClass = new (code: string, message?: string, detail?: Record<string, unknown>) => S3ErrorInstance;

export interface CorsRule {
  hasWildcardOrigin: boolean;
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}
export interface CorsConfig {
  matchRule(origin: string, method: string): CorsRule | undefined;
}

export interface StoredObject {
  size: number;
  range?: { start: number; end: number };
  content: Readable | null;
  metadata: Record<string, string>;
}

/** s3rver's FilesystemStore (lib/stores/filesystem.js). */
export interface FilesystemStore {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getBucket(bucket: string): Promise<unknown | null>;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<StoredObject | null>;
  getSubresource(bucket: string, key: string | undefined, type: 'cors'): Promise<CorsConfig | null>;
  deleteObject(bucket: string, key: string): Promise<void>;
  listObjects(bucket: string, options: Record<string, unknown>): Promise<unknown>;
  putObject(object: StoredObjectInput): Promise<{ size: number; md5: string }>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, unknown> | null,
  ): Promise<Record<string, string | number>>;
}

/** What s3rver's PutObject / POST controllers hand to store.putObject. */
export interface StoredObjectInput {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

/** The subset of a Koa context that our layer touches. */
export interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[]>;
  status: number;
  body: unknown;
  type: string;
  state: Record<string, unknown>;
  request: { body?: unknown };
  get(name: string): string;
  set(name: string, value: string): void;
  remove(name: string): void;
}
export type KoaNext = () => Promise<unknown>;
export type KoaMiddleware = (ctx: KoaContext, next: KoaNext) => Promise<unknown> | unknown;

export interface S3rverApp {
  store: FilesystemStore;
  middleware: KoaMiddleware[];
  /** Creates the configured buckets and their CORS (the first half of s3rver's run()). */
  configureBuckets(): Promise<void>;
  /** The Koa request handler. */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: 'error', listener: (err: Error) => void): void;
}
export interface S3rverOptions {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  allowMismatchedSignatures: boolean;
  configureBuckets: Array<{ name: string; configs: string[] }>;
}

export const S3rver = require('@20minutes/s3rver') as new (options: S3rverOptions) => S3rverApp;
export const S3Error = require('@20minutes/s3rver/lib/models/error.js') as S3ErrorClass;
/** s3rver's object model: new S3Object(bucket, key, content, metadata). */
export const S3Object = require('@20minutes/s3rver/lib/models/object.js') as {
  new (bucket: string, key: string, content: unknown, metadata: Record<string, string | number>): StoredObject;
  /** Standard headers kept as object metadata (besides x-amz-meta-*). */
  ALLOWED_METADATA: string[];
};
export const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; accessKeys: Map<string, string> };
};
/** Decodes an `aws-chunked` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) body into ctx.request.body. */
export const { aws4SignatureBodyParser } = require('@20minutes/s3rver/lib/signature/v4.js') as {
  aws4SignatureBodyParser(ctx: KoaContext): void;
};

interface XmlParserInstance {
  parse(xml: string): unknown;
}
const fastXml = s3rverRequire('fast-xml-parser') as {
  XMLParser: new (options: Record<string, unknown>) => XmlParserInstance;
  XMLValidator: { validate(xml: string): true | object };
};
/** Parses XML keeping every value a string (ETags must not turn into numbers). */
export function parseXml(xml: string): unknown {
  if (fastXml.XMLValidator.validate(xml) !== true) return undefined;
  return new fastXml.XMLParser({ parseTagValue: false, ignoreAttributes: true }).parse(xml);
}

export function s3Error(
  code: string,
  message: string,
  detail: Record<string, unknown> = {},
  status?: number,
): S3ErrorInstance {
  const err = new S3Error(code, message, detail);
  if (status !== undefined) {
    err.status = status;
    err.expose = status < 500;
  }
  return err;
}

/** What s3rver's putMetadata keeps of request headers: standard headers and x-amz-meta-*. */
export function pickMetadata(headers: Record<string, unknown>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')) picked[name] = value;
  }
  return picked;
}
