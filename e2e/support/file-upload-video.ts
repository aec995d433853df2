/**
 * Support for e2e/file-upload.spec.ts: a real MP4 of several 5 MiB parts made with ffmpeg, a
 * member signed in through the server's /sign-in page, picking a file through the real file
 * chooser, and reading back what the store holds.
 */
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { expect, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestBackend } from './backend';

const run = promisify(execFile);

/** An H.264 MP4 (moov first), `seconds` long at about 18 Mbit/s: ~2.2 MB a second. */
export async function makeMp4(name: string, seconds: number): Promise<{ path: string; bytes: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-file-'));
  const path = join(dir, name);
  await run('ffmpeg', [
    '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-b:v', '18M', '-minrate', '18M', '-maxrate', '18M', '-bufsize', '18M',
    '-movflags', '+faststart',
    path,
  ]);
  return { path, bytes: await readFile(path) };
}

export async function makeTextFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-file-'));
  const path = join(dir, name);
  await writeFile(path, 'Meeting notes, not a video.\n'.repeat(500));
  return path;
}

/** A member added by the first admin (API token), signed in on /sign-in in this page. */
export async function signInAsNewMember(page: Page, backend: TestBackend, email: string): Promise<void> {
  const password = 'member-password-1';
  const res = await fetch(`${backend.url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: email.split('@')[0], role: 'member', password }),
  });
  expect(res.status).toBe(201);
  await page.goto(`${backend.url}/sign-in?next=/library`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${backend.url}/library`);
}

/** "Upload a video" → the browser's file chooser → this file. */
export async function pickFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload a video' }).click();
  await (await chooser).setFiles(path);
}

/** The stored video of a recording and its Content-Type, straight from the store. */
export async function storedVideo(backend: TestBackend, id: string): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const Key = `recordings/${id}/video`;
  const head = await backend.s3.api.send(new HeadObjectCommand({ Bucket: backend.s3.bucket, Key }));
  const res = await backend.s3.api.send(new GetObjectCommand({ Bucket: backend.s3.bucket, Key }));
  return { bytes: Buffer.from(await res.Body!.transformToByteArray()), contentType: head.ContentType };
}

export async function multipartUploads(backend: TestBackend): Promise<number> {
  const res = await backend.s3.api.send(new ListMultipartUploadsCommand({ Bucket: backend.s3.bucket, Prefix: 'recordings/' }));
  return res.Uploads?.length ?? 0;
}

/** The share page's player: seeks to `to` seconds and reports where it landed and what it has. */
export async function seekSharePlayer(page: Page, to: number): Promise<{ currentTime: number; readyState: number; duration: number }> {
  const video = page.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  return video.evaluate(
    (v: HTMLVideoElement, target: number) =>
      new Promise<{ currentTime: number; readyState: number; duration: number }>((resolve) => {
        v.addEventListener('seeked', () => resolve({ currentTime: v.currentTime, readyState: v.readyState, duration: v.duration }), { once: true });
        v.currentTime = target;
      }),
    to,
  );
}

/** Part numbers the store holds of the one multipart upload in progress (straight from the store). */
export async function storedPartNumbers(backend: TestBackend): Promise<number[]> {
  const res = await backend.s3.api.send(new ListMultipartUploadsCommand({ Bucket: backend.s3.bucket, Prefix: 'recordings/' }));
  expect(res.Uploads ?? []).toHaveLength(1);
  const upload = res.Uploads![0]!;
  const parts = await backend.s3.api.send(new ListPartsCommand({ Bucket: backend.s3.bucket, Key: upload.Key, UploadId: upload.UploadId }));
  return (parts.Parts ?? []).map((p) => p.PartNumber!).sort((a, b) => a - b);
}
