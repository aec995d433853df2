/**
 * globalSetup of the "contract" Vitest project: starts the real Ceph object gateway through
 * scripts/radosgw/start.sh (first boot ~20 s, then ~5 s) and stops it afterwards.
 *
 * radosgw is never skipped silently: if it is not installed or does not start, the radosgw
 * half of the suite FAILS with the reason, unless REELAY_CONTRACT_TARGETS=embedded is set.
 * Concurrent runs share the daemon (fixed port); the last run to finish stops it, and only if
 * a contract run started it (a gateway started by hand is left running). REELAY_RADOSGW_KEEP=1
 * keeps it running for quicker re-runs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { isProcessAlive } from './helpers';
import { selectedTargets, type RadosgwInfo } from './targets';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = path.join(REPO_ROOT, 'scripts/radosgw/start.sh');
const STOP = path.join(REPO_ROOT, 'scripts/radosgw/stop.sh');
const DATA_DIR = process.env.RADOSGW_DIR ?? path.join(REPO_ROOT, '.tmp/radosgw');
const USERS_DIR = path.join(DATA_DIR, 'contract-users');
const STARTED_MARKER = path.join(USERS_DIR, 'started-by-contract');

function radosgwInstalled(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v radosgw && command -v ceph-mon && command -v ceph-osd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function run(script: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(script, [], { timeout: 240_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

function parseKeyValues(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

async function startRadosgw(): Promise<{ info: RadosgwInfo; registered: boolean }> {
  if (!radosgwInstalled()) {
    return {
      registered: false,
      info: {
        ok: false,
        error:
          'radosgw is not installed, so the store contract cannot run against the real Ceph object gateway. ' +
          'Install it with `sudo scripts/install-system-deps.sh`, or set REELAY_CONTRACT_TARGETS=embedded ' +
          'to run the embedded half only.',
      },
    };
  }
  await mkdir(USERS_DIR, { recursive: true });
  await writeFile(path.join(USERS_DIR, String(process.pid)), '');
  try {
    const { stdout, stderr } = await run(START);
    const values = parseKeyValues(stdout);
    if (values.RADOSGW_STATE === 'started') await writeFile(STARTED_MARKER, '');
    if (stderr.trim()) process.stderr.write(stderr);
    const { RADOSGW_ENDPOINT, RADOSGW_REGION, RADOSGW_ACCESS_KEY, RADOSGW_SECRET_KEY } = values;
    if (!RADOSGW_ENDPOINT || !RADOSGW_ACCESS_KEY || !RADOSGW_SECRET_KEY) {
      throw new Error(`scripts/radosgw/start.sh printed no endpoint/keys:\n${stdout}`);
    }
    return {
      registered: true,
      info: {
        ok: true,
        endpoint: RADOSGW_ENDPOINT,
        region: RADOSGW_REGION ?? 'us-east-1',
        accessKeyId: RADOSGW_ACCESS_KEY,
        secretAccessKey: RADOSGW_SECRET_KEY,
      },
    };
  } catch (err) {
    const e = err as Error & { stderr?: string };
    const detail = (e.stderr ?? e.message).trim().split('\n').slice(-8).join('\n');
    return { registered: true, info: { ok: false, error: `scripts/radosgw/start.sh failed:\n${detail}` } };
  }
}

/** Unregisters this run; the last run out stops a gateway that a contract run started. */
async function releaseRadosgw(): Promise<void> {
  await rm(path.join(USERS_DIR, String(process.pid)), { force: true });
  if (process.env.REELAY_RADOSGW_KEEP === '1') return;
  const others = (await readdir(USERS_DIR).catch(() => [] as string[]))
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => isProcessAlive(Number(name)));
  if (others.length > 0 || !existsSync(STARTED_MARKER)) return;
  await rm(STARTED_MARKER, { force: true });
  await run(STOP).catch((err: Error & { stderr?: string }) => {
    process.stderr.write(`[contract] stopping radosgw failed: ${err.stderr ?? err.message}\n`);
  });
}

export default async function setup(project: TestProject) {
  const targets = selectedTargets();
  project.provide('contractTargets', targets);
  let registered = false;
  if (targets.includes('radosgw')) {
    const started = await startRadosgw();
    registered = started.registered;
    project.provide('radosgw', started.info);
  } else {
    project.provide('radosgw', null);
  }
  return async () => {
    if (registered) await releaseRadosgw();
  };
}
