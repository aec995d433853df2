/**
 * Optional second store for the stop-to-link benchmark: the real Ceph object gateway, started
 * through scripts/radosgw/start.sh and shared with the store contract suite by the same rules
 * (backend/contract/global-setup.ts): every user registers its pid in contract-users/, a run that
 * started the daemon leaves the "started-by-contract" marker, and the last user out stops it.
 * Unlike the embedded store, radosgw completes a multipart upload without copying the parts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA_DIR = process.env.RADOSGW_DIR ?? path.join(REPO_ROOT, '.tmp/radosgw');
const USERS_DIR = path.join(DATA_DIR, 'contract-users');
const STARTED_MARKER = path.join(USERS_DIR, 'started-by-contract');

export interface RadosgwStore {
  /** Backend environment pointing at radosgw, with a bucket of our own. */
  env: Record<string, string>;
  release(): Promise<void>;
}

function script(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path.join(REPO_ROOT, 'scripts/radosgw', name), [], { timeout: 240_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`scripts/radosgw/${name} failed: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
      else resolve(stdout);
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function acquireRadosgw(): Promise<RadosgwStore> {
  await mkdir(USERS_DIR, { recursive: true });
  const me = path.join(USERS_DIR, String(process.pid));
  await writeFile(me, '');
  let values: Record<string, string>;
  try {
    const stdout = await script('start.sh');
    values = Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    if (values.RADOSGW_STATE === 'started') await writeFile(STARTED_MARKER, '');
  } catch (err) {
    await rm(me, { force: true });
    throw err;
  }
  const bucket = `reelay-bench-${process.pid}-${Date.now().toString(36)}`;
  const env = {
    S3_ENDPOINT: values.RADOSGW_ENDPOINT!,
    S3_PUBLIC_ENDPOINT: values.RADOSGW_ENDPOINT!,
    S3_REGION: values.RADOSGW_REGION ?? 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: values.RADOSGW_ACCESS_KEY!,
    S3_SECRET_ACCESS_KEY: values.RADOSGW_SECRET_KEY!,
    S3_FORCE_PATH_STYLE: 'true',
  };
  return {
    env,
    async release() {
      const s3 = new S3Client({
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
      });
      // The benchmark deleted its recordings; the empty bucket goes too.
      await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
      s3.destroy();
      await rm(me, { force: true });
      const others = (await readdir(USERS_DIR).catch(() => [] as string[])).filter((n) => /^\d+$/.test(n) && alive(Number(n)));
      if (others.length > 0 || !existsSync(STARTED_MARKER)) return;
      await rm(STARTED_MARKER, { force: true });
      await script('stop.sh').catch(() => undefined);
    },
  };
}
