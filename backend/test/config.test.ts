/** Configuration: defaults, one-line errors, secrets generated once and kept in DATA_DIR. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadDotEnv, parseConfig } from '../src/config';
import { startReelay } from '../src/server';
import { seedDataDir } from './pglite-template';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-config-'));
  dirs.push(dir);
  await seedDataDir(dir); // a migrated embedded database, copied (pglite-template.ts)
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 8787,
      publicUrl: 'http://localhost:8787',
      dataDir: resolve('./data'),
      apiToken: undefined,
      embeddedS3Port: 8788,
      partUrlTtlSeconds: 900,
      sweepMaxAgeSeconds: 86_400,
      extensionOrigins: ['chrome-extension://phlmkkmklcogamhkiihecpjjbfdbomhb'],
      s3: { endpoint: undefined, bucket: 'reelay', region: 'us-east-1', forcePathStyle: true },
    });
  });

  it('reads every variable, trims, strips trailing slashes, treats empty as unset', () => {
    const c = parseConfig({
      PORT: ' 9000 ',
      PUBLIC_URL: 'https://rec.example.com/',
      DATA_DIR: '/tmp/x',
      API_TOKEN: 'a'.repeat(20),
      S3_ENDPOINT: 'http://minio:9000/',
      S3_PUBLIC_ENDPOINT: 'https://s3.example.com',
      S3_REGION: 'auto',
      S3_BUCKET: 'videos',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'false',
      PART_URL_TTL_SECONDS: '60',
      SWEEP_INTERVAL_SECONDS: '0',
      SWEEP_MAX_AGE_SECONDS: '10',
      EXTENSION_ORIGINS: 'chrome-extension://abc, https://*.example.com',
      EMBEDDED_S3_PORT: '',
    });
    expect(c).toMatchObject({
      port: 9000,
      publicUrl: 'https://rec.example.com',
      dataDir: '/tmp/x',
      apiToken: 'a'.repeat(20),
      embeddedS3Port: 8788,
      partUrlTtlSeconds: 60,
      sweepIntervalSeconds: 0,
      sweepMaxAgeSeconds: 10,
      extensionOrigins: ['chrome-extension://abc', 'https://*.example.com'],
      s3: {
        endpoint: 'http://minio:9000',
        publicEndpoint: 'https://s3.example.com',
        region: 'auto',
        bucket: 'videos',
        accessKeyId: 'id',
        secretAccessKey: 'secret',
        forcePathStyle: false,
      },
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid PORT \("abc"\): must be a whole number/],
    [{ PORT: '70000' }, /^Invalid PORT .*at most 65535/],
    [{ PUBLIC_URL: 'ftp://x' }, /^Invalid PUBLIC_URL/],
    [{ PUBLIC_URL: 'not a url' }, /^Invalid PUBLIC_URL/],
    [{ API_TOKEN: 'short' }, /^Invalid API_TOKEN .*at least 16/],
    [{ S3_ENDPOINT: 'minio:9000' }, /^Invalid S3_ENDPOINT/],
    [{ S3_BUCKET: 'Bad_Bucket' }, /^Invalid S3_BUCKET/],
    [{ S3_FORCE_PATH_STYLE: 'maybe' }, /^Invalid S3_FORCE_PATH_STYLE/],
    [{ S3_ACCESS_KEY_ID: 'only-the-id' }, /both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/],
    [{ PART_URL_TTL_SECONDS: '0' }, /^Invalid PART_URL_TTL_SECONDS/],
    [{ PART_URL_TTL_SECONDS: '999999' }, /^Invalid PART_URL_TTL_SECONDS .*at most 604800/],
    [{ SWEEP_MAX_AGE_SECONDS: '-5' }, /^Invalid SWEEP_MAX_AGE_SECONDS/],
    [{ EXTENSION_ORIGINS: 'chrome-extension://abc/path' }, /^Invalid EXTENSION_ORIGINS/],
    [{ EMBEDDED_S3_PORT: '1.5' }, /^Invalid EMBEDDED_S3_PORT/],
  ])('%o is a ConfigError with one clear line', (env, message) => {
    let error: unknown;
    try {
      parseConfig(env as Record<string, string>);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('loadDotEnv', () => {
  it('reads .env under the real environment (which wins)', async () => {
    const dir = await tempDir();
    const file = join(dir, '.env');
    await writeFile(file, '# comment\nPORT=9999\nS3_BUCKET="from-file"\n');
    expect(loadDotEnv({ PORT: '1234' }, file)).toEqual({ PORT: '1234', S3_BUCKET: 'from-file' });
    expect(loadDotEnv({ A: '1' }, join(dir, 'missing.env'))).toEqual({ A: '1' });
  });
});

describe('startReelay', () => {
  it('rejects a bad configuration with a ConfigError before listening', async () => {
    await expect(startReelay({ PORT: 'eighty', DATA_DIR: await tempDir() }, { log: () => {} })).rejects.toThrow(
      /^Invalid PORT/,
    );
  });

  it('reports a port in use as one line naming PORT', async () => {
    const dir = await tempDir();
    const first = await startReelay({ DATA_DIR: dir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: () => {} });
    try {
      const err = await startReelay(
        { DATA_DIR: dir, PORT: String(first.port), EMBEDDED_S3_PORT: '0' },
        { log: () => {} },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toBe(`Invalid PORT (${first.port}): the port is already in use`);
    } finally {
      await first.close();
    }
  });

  it('generates the API token and store credentials once and keeps them in DATA_DIR', async () => {
    const dir = await tempDir();
    const logs: string[] = [];
    const first = await startReelay({ DATA_DIR: dir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: (l) => logs.push(l) });
    const token = first.apiToken;
    const credentials = first.config.s3.accessKeyId;
    await first.close();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(join(dir, 'api-token'), 'utf8')).trim()).toBe(token);
    expect((await stat(join(dir, 'api-token'))).mode & 0o077).toBe(0);
    expect(logs.some((l) => /Embedded S3 store: http:\/\/127\.0\.0\.1:\d+/.test(l))).toBe(true);

    const second = await startReelay({ DATA_DIR: dir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: () => {} });
    try {
      expect(second.apiToken).toBe(token);
      expect(second.config.s3.accessKeyId).toBe(credentials);
      expect(second.url).toBe(`http://localhost:${second.port}`);
      const res = await fetch(`${second.localUrl}/api/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('an API_TOKEN from the environment is used as is and not written to DATA_DIR', async () => {
    const dir = await tempDir();
    const reelay = await startReelay(
      { DATA_DIR: dir, PORT: '0', EMBEDDED_S3_PORT: '0', API_TOKEN: 'env-token-0123456789' },
      { log: () => {} },
    );
    try {
      expect(reelay.apiToken).toBe('env-token-0123456789');
      await expect(stat(join(dir, 'api-token'))).rejects.toThrow();
    } finally {
      await reelay.close();
    }
  });

  it('an unreachable S3_ENDPOINT stops the start with one clear line', async () => {
    const err = await startReelay(
      {
        DATA_DIR: await tempDir(),
        PORT: '0',
        S3_ENDPOINT: 'http://127.0.0.1:1',
        S3_ACCESS_KEY_ID: 'x',
        S3_SECRET_ACCESS_KEY: 'y',
      },
      { log: () => {} },
    ).catch((e: unknown) => e);
    expect((err as Error).name).toBe('StorageSetupError');
    expect((err as Error).message).toMatch(/^Cannot reach bucket "reelay"/);
  });
});
