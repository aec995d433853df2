/**
 * AWS Signature Version 4 verification for the embedded store (pure logic, no I/O).
 *
 * Why our own verifier instead of s3rver's: s3rver rebuilds the canonical URI from its
 * router params, so `/bucket/` (what the AWS SDK sends for HeadBucket, CreateBucket,
 * PutBucketCors, ...) is canonicalised as `/bucket` and every bucket-level call fails
 * with SignatureDoesNotMatch; it also lets unsigned requests through. Here the canonical
 * URI is the request path exactly as sent (each segment normalised to RFC 3986), as S3 does.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Headers = Record<string, string | string[] | undefined>;

export interface SigV4Request {
  method: string;
  /** Raw request target as received: path plus optional `?query`, still percent-encoded. */
  url: string;
  headers: Headers;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string; presigned: boolean; signedHeaders: string[] }
  | { ok: false; code: string; message: string; status: number };

/** Header auth tolerates this much clock skew; presigned URLs use X-Amz-Expires instead. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_S = 7 * 24 * 3600;

export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters in order, decoded without treating `+` as a space (S3 semantics). */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return [safeDecode(name), safeDecode(value)];
    });
}

export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => encodeRfc3986(safeDecode(segment)))
    .join('/');
}

function canonicalQuery(params: Array<[string, string]>): string {
  return params
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** Parses `yyyyMMddTHHmmssZ`. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface ParsedAuth {
  accessKeyId: string;
  scope: { date: string; region: string; service: string; terminator: string };
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  presigned: boolean;
  expiresSeconds?: number;
}

const fail = (code: string, message: string, status: number): SigV4Result => ({
  ok: false,
  code,
  message,
  status,
});

function parseCredential(credential: string) {
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] =
    credential.split('/');
  return { accessKeyId, scope: { date, region, service, terminator } };
}

function parseAuthorizationHeader(headers: Headers): ParsedAuth | SigV4Result {
  const auth = headerValue(headers, 'authorization') ?? '';
  const [algorithm = '', ...rest] = auth.split(' ');
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    return fail('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.', 400);
  }
  const fields = new Map(
    rest
      .join('')
      .split(',')
      .map((part) => {
        const eq = part.indexOf('=');
        return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
      }),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    return fail(
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; it requires Credential, SignedHeaders and Signature.',
      400,
    );
  }
  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (!payloadHash) {
    return fail('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
  }
  const amzDate = headerValue(headers, 'x-amz-date') ?? '';
  return {
    ...parseCredential(credential),
    amzDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash,
    presigned: false,
  };
}

function parsePresignedQuery(params: Array<[string, string]>): ParsedAuth | SigV4Result {
  const get = (name: string) => params.find(([n]) => n === name)?.[1];
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    return fail('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400);
  }
  const credential = get('X-Amz-Credential');
  const amzDate = get('X-Amz-Date');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const expires = get('X-Amz-Expires');
  if (!credential || !amzDate || !signedHeaders || !signature || expires === undefined) {
    return fail(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, ' +
        'X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      400,
    );
  }
  const expiresSeconds = Number(expires);
  if (!/^\d+$/.test(expires) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES_S) {
    return fail(
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be an integer between 1 and 604800 seconds',
      400,
    );
  }
  return {
    ...parseCredential(credential),
    amzDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash: get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    presigned: true,
    expiresSeconds,
  };
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/**
 * Verifies a request signed with SigV4 (Authorization header or presigned query).
 * Unsigned requests are refused, as on a private S3 bucket.
 */
export function verifySigV4(
  request: SigV4Request,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date = new Date(),
): SigV4Result {
  const { path, query } = splitUrl(request.url);
  const params = parseQuery(query);
  const hasHeader = request.headers.authorization !== undefined;
  const hasQuery = params.some(([n]) => n === 'X-Amz-Algorithm' || n === 'X-Amz-Signature');
  const hasV2Query = params.some(([n]) => n === 'Signature' || n === 'AWSAccessKeyId');
  if (!hasHeader && !hasQuery && !hasV2Query) {
    return fail('AccessDenied', 'Access Denied', 403);
  }
  if (Number(hasHeader) + Number(hasQuery || hasV2Query) > 1) {
    return fail('InvalidArgument', 'Only one auth mechanism allowed', 400);
  }
  if (hasV2Query && !hasQuery) {
    return fail('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.', 400);
  }

  const parsed = hasHeader ? parseAuthorizationHeader(request.headers) : parsePresignedQuery(params);
  if ('ok' in parsed) return parsed;

  const requestTime = parseAmzDate(parsed.amzDate);
  if (!requestTime) {
    return fail('AccessDenied', 'AWS authentication requires a valid X-Amz-Date', 403);
  }
  const { scope } = parsed;
  if (
    scope.date !== parsed.amzDate.slice(0, 8) ||
    scope.service !== 's3' ||
    scope.terminator !== 'aws4_request' ||
    !scope.region
  ) {
    return fail(
      hasHeader ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError',
      'The credential scope must be <date>/<region>/s3/aws4_request and match X-Amz-Date.',
      400,
    );
  }
  if (!parsed.signedHeaders.includes('host')) {
    return fail('AccessDenied', 'The host header must be signed.', 403);
  }

  const secret = lookupSecret(parsed.accessKeyId);
  if (secret === undefined) {
    return fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  }

  if (parsed.presigned) {
    const expiresAt = requestTime.getTime() + (parsed.expiresSeconds ?? 0) * 1000;
    if (now.getTime() > expiresAt) return fail('AccessDenied', 'Request has expired', 403);
    if (requestTime.getTime() - now.getTime() > MAX_SKEW_MS) {
      return fail('AccessDenied', 'Request is not valid yet', 403);
    }
  } else if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_SKEW_MS) {
    return fail(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      403,
    );
  }

  const canonicalHeaders = parsed.signedHeaders
    .map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`)
    .join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(params),
    canonicalHeaders,
    parsed.signedHeaders.join(';'),
    parsed.payloadHash,
  ].join('\n');
  const scopeString = [scope.date, scope.region, scope.service, scope.terminator].join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', parsed.amzDate, scopeString, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, scope.date), scope.region), scope.service), 'aws4_request');
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
  const provided = Buffer.from(parsed.signature.toLowerCase());
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) {
    return fail(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    );
  }
  return { ok: true, accessKeyId: parsed.accessKeyId, presigned: parsed.presigned, signedHeaders: parsed.signedHeaders };
}
