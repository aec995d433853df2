/**
 * A Koa middleware placed in s3rver's own app, just before its router (see server.ts).
 *
 * Why a middleware rather than patching s3rver or proxying: it sees every request first, can
 * answer the operations s3rver lacks in S3's XML dialect (s3rver's error handler and XML
 * body builder still apply), and hands everything else to s3rver unchanged, in-process.
 *
 * It adds: SigV4 on every request (unsigned → 403, correct canonical URI for `/bucket/`; unsigned
 * `x-amz-*` headers → 403 HeadersNotSigned, see signed-headers.ts), paths checked before anything
 * else (request-target.ts),
 * CORS headers on error responses too, strict part numbers, UploadPart / ListParts /
 * AbortMultipartUpload / CompleteMultipartUpload / ListMultipartUploads (multipart.ts),
 * S3 Range semantics (suffix `bytes=-N`, `bytes=0-0`, malformed ranges ignored), and
 * conditional PutObject with `If-None-Match: *`.
 */
import { PART_SIZE } from '../../api/limits';
import { promises as fs } from 'node:fs';
import { parseTarget } from './request-target';
import { dropUnsignedStoredHeaders, unsignedAmzHeaders } from './signed-headers';
import { verifySigV4 } from './sigv4';
import { MultipartStore, parsePartNumber, type UploadInfo } from './multipart';
import type { ObjectFiles } from './object-files';
import { releasingUnusedStreams } from './s3rver-patches';
import {
  aws4SignatureBodyParser,
  parseXml,
  s3Error,
  type FilesystemStore,
  type KoaContext,
  type KoaNext,
} from './s3rver-internals';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER = { ID: '123456789000', DisplayName: 'S3rver' };
const MAX_COMPLETE_BODY = 4 * 1024 * 1024;

/** How ListMultipartUploads and ListParts describe an upload (in S3's element order). */
function uploadFields(key: string, uploadId: string) {
  return { Key: key, UploadId: uploadId, Initiator: OWNER, Owner: OWNER, StorageClass: 'STANDARD' };
}

function queryString(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

function boundedInt(raw: string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw s3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  }
  return Math.min(Number(raw), max);
}

async function readBody(ctx: KoaContext, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw s3Error('MaxMessageLengthExceeded', 'Your request was too big.', {}, 400);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function createRequestLayer(options: {
  store: FilesystemStore;
  files: ObjectFiles;
  lookupSecret: (accessKeyId: string) => string | undefined;
}) {
  const { store, files, lookupSecret } = options;
  const multipart = new MultipartStore(store, files);

  /** Same rule matching as s3rver's CORS middleware, applied before anything can fail. */
  async function applyCors(ctx: KoaContext, bucket: string): Promise<void> {
    const origin = ctx.get('origin');
    if (!origin) return;
    const config = await store.getSubresource(bucket, undefined, 'cors').catch(() => null);
    const rule = config?.matchRule(origin, ctx.method);
    if (!rule) return;
    ctx.set('Access-Control-Allow-Origin', rule.hasWildcardOrigin ? '*' : origin);
    if (rule.exposeHeaders.length) ctx.set('Access-Control-Expose-Headers', rule.exposeHeaders.join(', '));
    ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.set('Vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  }

  async function requireBucket(bucket: string): Promise<void> {
    if (!(await store.getBucket(bucket))) {
      throw s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    }
  }

  /** Rewrites Range to a form s3rver (plus the store fix in server.ts) serves like S3. */
  async function normaliseRange(ctx: KoaContext, bucket: string, key: string): Promise<void> {
    const header = ctx.get('range');
    if (!header) return;
    const dropRange = () => {
      delete ctx.req.headers.range;
    };
    const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (!m || (m[1] === '' && m[2] === '')) return dropRange(); // S3 ignores what it cannot parse
    if (m[1] !== '') {
      if (m[2] !== '' && Number(m[2]) < Number(m[1])) dropRange();
      return;
    }
    const suffix = Number(m[2]);
    // The object's size, not its file's: a manifest object's file is a list of its parts.
    const size = await store
      .getMetadata(bucket, key)
      .then((metadata) => Number(metadata['content-length']))
      .catch(() => undefined);
    if (size === undefined) return; // s3rver answers NoSuchKey
    if (suffix === 0 || size === 0) {
      throw s3Error('InvalidRange', 'The requested range is not satisfiable', {
        RangeRequested: header,
        ActualObjectSize: size,
      });
    }
    ctx.req.headers.range = `bytes=${Math.max(0, size - suffix)}-${size - 1}`;
  }

  /** Conditional write `If-None-Match: *` (create only if absent), as S3 does since 2024. */
  async function checkConditionalPut(ctx: KoaContext, bucket: string, key: string): Promise<void> {
    if (ctx.get('if-none-match').trim() !== '*') return;
    const exists = await fs
      .stat(store.getResourcePath(bucket, key, 'object'))
      .then(() => true)
      .catch(() => false);
    if (exists) {
      throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'If-None-Match',
      });
    }
  }

  async function listMultipartUploads(ctx: KoaContext, bucket: string): Promise<void> {
    const prefix = queryString(ctx, 'prefix') ?? '';
    const delimiter = queryString(ctx, 'delimiter') ?? '';
    const keyMarker = queryString(ctx, 'key-marker') ?? '';
    const uploadIdMarker = queryString(ctx, 'upload-id-marker') ?? '';
    const maxUploads = boundedInt(queryString(ctx, 'max-uploads'), 1000, 1000, 'max-uploads');

    const all = (await multipart.listUploads(bucket)).filter((u) => u.key.startsWith(prefix));
    let start = 0;
    if (keyMarker) {
      const idx = uploadIdMarker ? all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker) : -1;
      start = idx >= 0 ? idx + 1 : all.findIndex((u) => u.key > keyMarker);
      if (start < 0) start = all.length;
    }
    const uploads: UploadInfo[] = [];
    const commonPrefixes: string[] = [];
    let isTruncated = false;
    let last: UploadInfo | undefined;
    for (const upload of all.slice(start)) {
      const cut = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? upload.key.slice(0, cut + delimiter.length) : undefined;
      if (common !== undefined && commonPrefixes.includes(common)) continue;
      if (uploads.length + commonPrefixes.length >= maxUploads) {
        isTruncated = true;
        break;
      }
      if (common !== undefined) commonPrefixes.push(common);
      else uploads.push(upload);
      last = upload;
    }
    ctx.body = {
      ListMultipartUploadsResult: {
        '@': { xmlns: XMLNS },
        Bucket: bucket,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
        NextKeyMarker: isTruncated ? (last?.key ?? '') : '',
        NextUploadIdMarker: isTruncated ? (last?.uploadId ?? '') : '',
        Prefix: prefix,
        ...(delimiter ? { Delimiter: delimiter } : {}),
        MaxUploads: maxUploads,
        IsTruncated: isTruncated,
        Upload: uploads.map((u) => ({ ...uploadFields(u.key, u.uploadId), Initiated: u.initiated.toISOString() })),
        CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: p })),
      },
    };
  }

  async function uploadPart(ctx: KoaContext, bucket: string, key: string, uploadId: string): Promise<void> {
    const partNumber = parsePartNumber(queryString(ctx, 'partNumber'));
    const sha = ctx.get('x-amz-content-sha256');
    if (sha.startsWith('STREAMING-') && sha !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') {
      // e.g. STREAMING-UNSIGNED-PAYLOAD-TRAILER: storing it undecoded would corrupt the part.
      throw s3Error('NotImplemented', `x-amz-content-sha256 ${sha} is not supported by the embedded store`);
    }
    // Reelay's parts are PART_SIZE, the last one shorter: a larger body is refused before a byte is
    // written (issue 15: the part size, enforced by the store; the presigned URL does not sign it).
    const declared = Number(ctx.get('x-amz-decoded-content-length') || ctx.get('content-length') || NaN);
    if (declared > PART_SIZE) {
      throw s3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: declared, MaxSizeAllowed: PART_SIZE }, 400);
    }
    aws4SignatureBodyParser(ctx); // decodes STREAMING-AWS4-HMAC-SHA256-PAYLOAD; plain bodies pass through
    const { etag } = await multipart.uploadPart(bucket, key, uploadId, partNumber, ctx.request.body as never, {
      ...(ctx.get('content-md5') ? { contentMd5: ctx.get('content-md5') } : {}),
      ...(/^[0-9a-f]{64}$/i.test(sha) ? { contentSha256: sha } : {}),
    });
    ctx.set('ETag', etag);
    ctx.status = 200;
    ctx.body = '';
  }

  async function listParts(ctx: KoaContext, bucket: string, key: string, uploadId: string): Promise<void> {
    const maxParts = boundedInt(queryString(ctx, 'max-parts'), 1000, 1000, 'max-parts');
    const partNumberMarker = boundedInt(queryString(ctx, 'part-number-marker'), 0, 10_000, 'part-number-marker');
    const result = await multipart.listParts(bucket, key, uploadId, { maxParts, partNumberMarker });
    ctx.body = {
      ListPartsResult: {
        '@': { xmlns: XMLNS },
        Bucket: bucket,
        ...uploadFields(key, uploadId),
        PartNumberMarker: partNumberMarker,
        NextPartNumberMarker: result.nextPartNumberMarker,
        MaxParts: maxParts,
        IsTruncated: result.isTruncated,
        Part: result.parts.map((p) => ({
          PartNumber: p.partNumber,
          LastModified: p.lastModified.toISOString(),
          ETag: p.etag,
          Size: p.size,
        })),
      },
    };
  }

  async function complete(ctx: KoaContext, bucket: string, key: string, uploadId: string): Promise<void> {
    const xml = parseXml(await readBody(ctx, MAX_COMPLETE_BODY)) as
      | { CompleteMultipartUpload?: { Part?: unknown } }
      | undefined;
    const malformed = () =>
      s3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      );
    const rawParts = asArray(xml?.CompleteMultipartUpload?.Part) as Array<{ PartNumber?: unknown; ETag?: unknown }>;
    if (rawParts.length === 0) throw malformed();
    const parts = rawParts.map((p) => {
      if (typeof p !== 'object' || p === null || typeof p.ETag !== 'string') throw malformed();
      return { partNumber: parsePartNumber(p.PartNumber), etag: p.ETag };
    });
    const { etag } = await multipart.complete(bucket, key, uploadId, parts);
    ctx.body = {
      CompleteMultipartUploadResult: {
        '@': { xmlns: XMLNS },
        Location: `${ctx.get('host') ? `http://${ctx.get('host')}` : ''}${ctx.path}`,
        Bucket: bucket,
        Key: key,
        ETag: etag,
      },
    };
  }

  return async function embeddedS3RequestLayer(ctx: KoaContext, next: KoaNext): Promise<unknown> {
    const { bucket, key } = parseTarget(ctx.path);
    if (bucket && ctx.method !== 'OPTIONS') await applyCors(ctx, bucket);
    if (ctx.method === 'OPTIONS') return next(); // CORS preflight: s3rver answers from the bucket CORS

    const auth = verifySigV4(
      { method: ctx.method, url: ctx.req.url ?? '/', headers: ctx.req.headersDistinct },
      lookupSecret,
    );
    if (!auth.ok) throw s3Error(auth.code, auth.message, {}, auth.status);
    const unsigned = unsignedAmzHeaders(ctx.req.headers, auth.signedHeaders);
    if (unsigned.length) {
      throw s3Error('AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.join(', ') }, 403);
    }
    // Only a browser holds a presigned URL; the backend (header auth, the secret) may set any.
    if (auth.presigned) dropUnsignedStoredHeaders(ctx.req.headers, auth.signedHeaders);
    if (!bucket) return next();
    const copySource = ctx.get('x-amz-copy-source');
    if (copySource) parseTarget(`/${copySource.replace(/^\//, '').split('?')[0]}`);

    const uploadId = queryString(ctx, 'uploadId');
    if (key === undefined) {
      if (ctx.method === 'GET' && 'uploads' in ctx.query) {
        await requireBucket(bucket);
        return listMultipartUploads(ctx, bucket);
      }
      if (ctx.method === 'DELETE' && Object.keys(ctx.query).length === 0) {
        // DeleteBucket (s3rver's) removes the bucket's folder, uploads in progress included.
        try {
          return await next();
        } finally {
          multipart.forgetAll();
        }
      }
      return next();
    }
    if (uploadId !== undefined) {
      await requireBucket(bucket);
      switch (ctx.method) {
        case 'PUT':
          if (ctx.get('x-amz-copy-source')) {
            // UploadPartCopy stays s3rver's; only the checks it lacks are added.
            parsePartNumber(queryString(ctx, 'partNumber'));
            await multipart.listParts(bucket, key, uploadId, { maxParts: 0, partNumberMarker: 0 });
            try {
              return await releasingUnusedStreams(ctx, next);
            } finally {
              multipart.forgetParts(uploadId); // s3rver wrote the part file itself
            }
          }
          return uploadPart(ctx, bucket, key, uploadId);
        case 'GET':
          return listParts(ctx, bucket, key, uploadId);
        case 'DELETE':
          await multipart.abort(bucket, key, uploadId);
          ctx.status = 204;
          ctx.body = '';
          return;
        case 'POST':
          return complete(ctx, bucket, key, uploadId);
      }
      return next();
    }
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && Object.keys(ctx.query).every((q) => !['acl', 'tagging'].includes(q))) {
      await normaliseRange(ctx, bucket, key);
    }
    if (ctx.method === 'PUT' && Object.keys(ctx.query).every((q) => !['acl', 'tagging'].includes(q))) {
      await checkConditionalPut(ctx, bucket, key);
    }
    return releasingUnusedStreams(ctx, next);
  };
}
