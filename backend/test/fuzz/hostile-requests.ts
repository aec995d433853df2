/**
 * fast-check arbitraries for hostile HTTP requests against every Reelay route: wrong
 * types, huge numbers, huge bodies, path tricks in ids, other recordings' tokens, replayed
 * completes, completes naming parts of another upload, random methods and headers.
 * Mostly "nearly valid" requests, so they get past parsing and reach the store.
 */
import fc from 'fast-check';

/** What the fuzzer may use: recordings it owns (by slot), and ids it must not harm. */
export interface FuzzWorld {
  apiToken: string;
  /**
   * How many recordings the fuzzer owns. Requests name them by slot (see slotId and
   * slotToken), resolved when sent, so a slot whose recording the fuzzer deleted can be
   * refilled with a new one and later requests still reach a live recording.
   */
  ownedSlots: number;
  /** Recordings it may target only WITHOUT their token (e.g. the live upload). */
  protectedIds: string[];
  /** ETags of uploaded parts (to name in completes of other uploads). */
  etags: string[];
}

/** Placeholders replaced by resolveSlots() when a request is sent. */
export const slotId = (slot: number) => `\u0001id:${slot}\u0001`;
export const slotToken = (slot: number) => `\u0001token:${slot}\u0001`;

/** Replaces slot placeholders with the current recording of each slot. */
export function resolveSlots(text: string, slots: Array<{ id: string; uploadToken: string }>): string {
  return text.replace(/\u0001(id|token):(\d+)\u0001/g, (_, kind: string, n: string) => {
    const rec = slots[Number(n)]!;
    return kind === 'id' ? rec.id : rec.uploadToken;
  });
}

export interface HostileRequest {
  method: string;
  /** May hold slot placeholders (as may the headers): see resolveSlots. */
  path: string;
  /** The owned slot the request aims at, if any. */
  slot?: number;
  headers: Record<string, string>;
  body?: string;
  /** Short description for failure messages. */
  label: string;
}

/** The real routes (method + path), so most requests get past the router. */
const ENDPOINTS: Array<[string, string]> = [
  ['POST', '/api/recordings'],
  ['GET', '/api/recordings/{id}'],
  ['PATCH', '/api/recordings/{id}'],
  ['DELETE', '/api/recordings/{id}'],
  ['POST', '/api/recordings/{id}/parts'],
  ['GET', '/api/recordings/{id}/parts'],
  ['POST', '/api/recordings/{id}/complete'],
  ['POST', '/api/recordings/{id}/stopped'],
  ['POST', '/api/recordings/{id}/head'],
  ['POST', '/api/recordings/{id}/part1'],
  ['POST', '/api/recordings/{id}/thumbnail'],
  ['GET', '/api/recordings/{id}/comments'],
  ['POST', '/api/recordings/{id}/comments'],
  ['DELETE', '/api/recordings/{id}/comments/c0mm3ntIdThatIsNot'],
  ['GET', '/api/recordings/{id}/stats'],
  ['POST', '/api/recordings/{id}/views'],
  ['POST', '/api/recordings/{id}/views/v13wIdThatIsNot'],
  ['GET', '/api/session'],
  ['GET', '/v/{id}'],
  ['GET', '/v/{id}/video'],
  ['GET', '/v/{id}/download'],
  ['GET', '/v/{id}/thumbnail'],
  ['GET', '/v/{id}/status'],
  // Issue 14: sharing settings, the password form, the embed page and oEmbed.
  ['GET', '/api/recordings/{id}/sharing'],
  ['POST', '/v/{id}/unlock'],
  ['GET', '/embed/{id}'],
  ['GET', '/oembed?format=json&url=http%3A%2F%2Flocalhost%2Fv%2F{id}'],
  ['GET', '/oembed?url=http://127.0.0.1/embed/{id}&maxwidth=-1&maxheight=1e999&format=xml'],
  ['GET', '/healthz'],
  ['GET', '/'],
  // Issue 15: every route, the accounts' and the web pages' too.
  ['GET', '/api/recordings?scope=team&q={id}&cursor={id}'],
  ['GET', '/api/users'],
  ['POST', '/api/users'],
  ['DELETE', '/api/users/{id}'],
  ['GET', '/api/tokens'],
  ['POST', '/api/tokens'],
  ['DELETE', '/api/tokens/{id}'],
  ['POST', '/api/auth/sign-in'],
  ['POST', '/api/auth/sign-out'],
  ['GET', '/invite/{id}'],
  ['POST', '/invite/{id}'],
  ['GET', '/extension/authorize?redirect_uri=https%3A%2F%2F{id}.chromiumapp.org%2F'],
  ['POST', '/extension/authorize'],
  ['GET', '/sign-in?next=%2Flibrary'],
  ['GET', '/library'],
  ['GET', '/account'],
  ['POST', '/sign-out'],
  ['GET', '/assets/{id}.js'],
];
const ROUTES = [...new Set(ENDPOINTS.map(([, path]) => path))];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'patch', 'PROPFIND', 'PURGE', 'X-FUZZ'];

const base64url = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''));

/** The recording a request aims at, and its own upload token when the fuzzer has it. */
interface Target {
  id: string;
  ownToken?: string;
  slot?: number;
}

/** Ids with path tricks, encodings, unicode and lengths the router and validators must survive. */
function targetArb(world: FuzzWorld): fc.Arbitrary<Target> {
  const slots = Array.from({ length: world.ownedSlots }, (_, i) => i);
  const known = [...slots.map(slotId), ...world.protectedIds];
  const tricks: fc.Arbitrary<string> = fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: base64url, minLength: 22, maxLength: 22 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
        '..%2F..%2Fmeta.json',
        '%2F',
        '%00',
        '%',
        '%zz',
        '%C0%AE%C0%AE',
        'recordings%2F' + 'A'.repeat(22),
        'A'.repeat(21) + '%2F',
        'A'.repeat(22) + '/..',
        'A'.repeat(22) + '%2F..%2F' + 'B'.repeat(22),
        'A'.repeat(22) + '?x=1',
        'A'.repeat(22) + '#frag',
        '',
        '//',
        ' ',
        '%20' + 'A'.repeat(22),
        'ＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡ',
        'é'.repeat(22),
        '💥'.repeat(11),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => `${id}/../${known[0]}`) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => encodeURIComponent(`${id}/x`)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: base64url, minLength: 23, maxLength: 6000 }) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...slots).map((slot): Target => ({ id: slotId(slot), ownToken: slotToken(slot), slot })) },
    { weight: 2, arbitrary: fc.constantFrom(...world.protectedIds).map((id): Target => ({ id })) },
    { weight: 3, arbitrary: tricks.map((id): Target => ({ id })) },
  );
}

/** Numbers a JSON body can carry, from sane to absurd (1e400 parses as Infinity). */
const numberish = fc.oneof(
  fc.integer({ min: -3, max: 10_002 }),
  fc.constantFrom(0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.EPSILON),
  fc.double(),
);
const rawNumber = fc.oneof(
  numberish.map((n) => (Number.isFinite(n) ? JSON.stringify(n) : 'null')),
  fc.constantFrom('1e400', '-1e400', '1E999999', '0x10', '01', '1.', '.5', 'NaN', 'Infinity', '9'.repeat(400)),
);
const jsonish = fc.oneof(numberish, fc.string(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

function bodyArb(world: FuzzWorld): fc.Arbitrary<string | undefined> {
  const etag = fc.oneof(
    fc.constantFrom(...(world.etags.length ? world.etags : ['"none"'])),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('"', '', 'W/"abc"', '"' + 'f'.repeat(32) + '"', 'x'.repeat(300)),
  );
  const part = fc.record({ partNumber: fc.oneof(numberish, jsonish), etag: fc.oneof(etag, jsonish) }, { requiredKeys: [] });
  const structured = fc.oneof(
    fc.record({ mimeType: fc.oneof(fc.constantFrom('video/webm', 'video/mp4;codecs=avc1', 'video/webm;codecs="vp9,opus"', 'text/html', 'video/webm\r\nX: 1'), jsonish), title: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 250 }), jsonish) }, { requiredKeys: [] }),
    fc.record({ partNumbers: fc.oneof(fc.array(fc.oneof(numberish, jsonish), { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 990, maxLength: 1_010 }), jsonish) }),
    fc.record(
      {
        parts: fc.oneof(fc.array(part, { maxLength: 6 }), fc.array(fc.record({ partNumber: fc.integer({ min: 1, max: 3 }), etag }), { minLength: 1, maxLength: 3 }), jsonish),
        durationMs: fc.oneof(numberish, jsonish),
        width: fc.oneof(numberish, jsonish),
        height: fc.oneof(numberish, jsonish),
      },
      { requiredKeys: [] },
    ),
    fc.record({ contentType: fc.oneof(fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/svg+xml', 'text/html'), jsonish), size: fc.oneof(numberish, jsonish) }, { requiredKeys: [] }),
    fc.record({ title: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 250 }), jsonish) }, { requiredKeys: [] }),
    fc.record({ totalBytes: fc.oneof(numberish, jsonish), durationMs: fc.oneof(numberish, jsonish) }, { requiredKeys: [] }),
    // PATCH's trim and privacy (issue 14).
    fc.record(
      {
        title: fc.oneof(fc.string({ maxLength: 20 }), jsonish),
        trim: fc.oneof(fc.constant(null), fc.record({ startMs: fc.oneof(numberish, jsonish), endMs: fc.oneof(numberish, jsonish) }, { requiredKeys: [] }), jsonish),
        privacy: fc.oneof(
          fc.record(
            {
              visibility: fc.oneof(fc.constantFrom('public', 'team', 'password', 'PUBLIC', ''), jsonish),
              password: fc.oneof(fc.string({ maxLength: 300 }), jsonish),
              expiresAt: fc.oneof(fc.constantFrom(null, '2999-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2024-13-45T99:99:99Z', 'now'), jsonish),
              downloads: fc.oneof(fc.boolean(), jsonish),
            },
            { requiredKeys: [] },
          ),
          jsonish,
        ),
      },
      { requiredKeys: [] },
    ),
    // The password form's field, as JSON (the form itself is urlencoded: see below).
    fc.record({ password: fc.oneof(fc.string({ maxLength: 300 }), jsonish) }, { requiredKeys: [] }),
  );
  return fc.oneof(
    { weight: 160, arbitrary: structured.map((v) => JSON.stringify(v)) },
    { weight: 40, arbitrary: jsonish.map((v) => JSON.stringify(v)) },
    { weight: 20, arbitrary: rawNumber.map((n) => `{"partNumbers":[${n}],"durationMs":${n},"size":${n},"contentType":"image/png"}`) },
    { weight: 20, arbitrary: fc.constantFrom('', '{', '{"a":', '[]', 'null', '"str"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '\u0000', '\uFEFF{}') },
    { weight: 20, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 20, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 10, arbitrary: fc.string({ maxLength: 300 }).map((p) => `password=${encodeURIComponent(p)}&password=x`) },
    { weight: 20, arbitrary: fc.constant(undefined) },
    // Over the 1 MiB limit (rare: each is slow to send).
    { weight: 1, arbitrary: fc.integer({ min: 1_048_577, max: 3_000_000 }).map((n) => `{"title":"${'x'.repeat(n)}"}`) },
  );
}

/** Mostly the target's own token (to get past auth), else someone else's, the API token, junk. */
function tokenArb(world: FuzzWorld, target: Target): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    ...(target.ownToken ? [{ weight: 8, arbitrary: fc.constant<string | undefined>(target.ownToken) }] : []),
    { weight: 3, arbitrary: fc.integer({ min: 0, max: world.ownedSlots - 1 }).map(slotToken) },
    { weight: 2, arbitrary: fc.constant(world.apiToken) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ019-_=+/.~'.split('')), maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', world.apiToken + 'x', world.apiToken.slice(1), 'x'.repeat(8_000)) },
  );
}

function headersArb(world: FuzzWorld, target: Target): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        token: tokenArb(world, target),
        authScheme: fc.oneof({ weight: 6, arbitrary: fc.constant('Bearer ') }, { weight: 1, arbitrary: fc.constantFrom('bearer ', 'Bearer  ', 'Basic ', '', 'Bearer\t', 'Token ') }),
        contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''),
        origin: fc.constantFrom('chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'https://evil.example', 'null', 'chrome-extension://', ''),
        extra: fc.dictionary(
          fc.constantFrom('range', 'accept', 'content-encoding', 'x-forwarded-for', 'x-http-method-override', 'if-none-match', 'access-control-request-method', 'cookie', 'x-amz-date'),
          fc.oneof(fc.constantFrom('bytes=0-1', 'bytes=-5', 'bytes=99999999-', 'gzip', 'br', 'DELETE', '*/*', 'text/html', '127.0.0.1', '"x"'), fc.string({ unit: fc.constantFrom(...'abc=;,-01 '.split('')), maxLength: 30 })),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: ['token', 'authScheme', 'contentType', 'origin', 'extra'] },
    )
    .map(({ token, authScheme, contentType, origin, extra }) => {
      const headers: Record<string, string> = { ...extra };
      if (token !== undefined) headers.authorization = `${authScheme}${token}`;
      if (contentType) headers['content-type'] = contentType;
      if (origin) headers.origin = origin;
      return headers;
    });
}

export function hostileRequest(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const endpoint = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ENDPOINTS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...ROUTES)) },
  );
  return fc
    .record({
      endpoint,
      target: targetArb(world),
      suffix: fc.oneof({ weight: 10, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/..', '/%2e%2e/', '?partNumber=1', '/extra/segments', ';x=1') }),
      body: bodyArb(world),
    })
    .chain(({ endpoint, target, suffix, body }) =>
      headersArb(world, target).map((headers) => {
        const [method, route] = endpoint;
        const path = route.replace('{id}', target.id) + suffix;
        // GET/HEAD cannot carry a body.
        const withBody = body !== undefined && !/^(GET|HEAD)$/i.test(method);
        return {
          method,
          path: path.startsWith('/') ? path : `/${path}`,
          ...(target.slot !== undefined ? { slot: target.slot } : {}),
          headers,
          ...(withBody ? { body } : {}),
          label: `${method} ${path.length > 120 ? `${path.slice(0, 120)}…(${path.length})` : path} body=${withBody ? `${body!.slice(0, 80)}${body!.length > 80 ? `…(${body!.length})` : ''}` : '-'}`,
        };
      }),
    );
}
