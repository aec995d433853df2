/**
 * Embedding in a real Chromium (issue 14; no extension needed): a page on another origin (a static
 * server on another port) frames /embed/:id, which plays there, and the share page /v/:id, which
 * Chromium refuses to show (frame-ancestors 'none': the frame stays an error page and the refusal
 * is logged). oEmbed's JSON is valid (the fields oEmbed 1.0 requires of a "video"), and its `html`
 * dropped into that other site's page plays the recording.
 */
import { expect, test, type Frame, type Page } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateRecordingResponse } from '../api';
import { startTestBackend, type ControllableBackend } from './support/backend';
import { addPerson, personalToken, type Person } from './support/library-seed';
import { makePlayableWebm, PLAYABLE, uploadPlayable } from './support/playable-recording';
import { startStaticServer, type StaticServer } from './support/static-server';

const OWNER: Person = { email: 'eve@example.com', name: 'Eve Embed', role: 'member', password: 'eve-password-1' };

let backend: ControllableBackend;
let site: StaticServer;
let rec: CreateRecordingResponse;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  backend = await startTestBackend();
  await addPerson(backend, OWNER);
  rec = await uploadPlayable(backend, await personalToken(backend, OWNER), 'Product demo', await makePlayableWebm());
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-embed-site-'));
  await writeFile(
    join(dir, 'frames.html'),
    `<!doctype html><html lang="en"><title>Another site</title>
<iframe name="embed" title="Embedded recording" src="${backend.url}/embed/${rec.id}" width="480" height="270" allow="fullscreen; picture-in-picture"></iframe>
<iframe name="share" title="Share page" src="${backend.url}/v/${rec.id}" width="480" height="270"></iframe></html>`,
  );
  await writeFile(join(dir, 'blank.html'), '<!doctype html><html lang="en"><title>Another site</title><div id="slot"></div></html>');
  site = await startStaticServer(dir);
});

test.afterAll(async () => {
  await site?.close();
  await backend?.close();
});

/** The frame's <video> plays: muted play(), then its clock moves past 0.5 s. */
async function expectPlaysIn(frame: Frame): Promise<void> {
  const player = frame.locator('video');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
}

function frameNamed(page: Page, name: string): Frame {
  const frame = page.frames().find((f) => f.name() === name);
  if (!frame) throw new Error(`no frame named ${name}`);
  return frame;
}

test('/embed/:id plays inside an iframe on another origin, while the share page refuses to be framed', async ({ page }) => {
  expect(new URL(site.origin).origin).not.toBe(new URL(backend.url).origin);
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await page.goto(site.url('frames.html'));

  const embed = frameNamed(page, 'embed');
  await expect(embed.locator('video')).toHaveCount(1);
  await expectPlaysIn(embed);

  // Chromium blocks the share page: the frame never holds it, and says why.
  await expect.poll(() => logs.some((l) => l.includes(`Framing '${backend.url}/'`) && l.includes(`directive: "frame-ancestors 'none'"`) && /blocked/.test(l)), { timeout: 15_000 }).toBe(true);
  const share = frameNamed(page, 'share');
  expect(share.url()).not.toBe(`${backend.url}/v/${rec.id}`);
  expect(await share.evaluate(() => document.querySelectorAll('video').length).catch(() => 0)).toBe(0);
});

test('oEmbed JSON is valid, and its html plays the recording on another site', async ({ page }) => {
  const shareUrl = `${backend.url}/v/${rec.id}`;
  // The share page announces it.
  await page.goto(shareUrl);
  const href = await page.locator('link[rel="alternate"][type="application/json+oembed"]').getAttribute('href');
  expect(href).toBe(`${backend.url}/oembed?url=${encodeURIComponent(shareUrl)}&format=json`);

  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/json/);
  const o = (await res.json()) as Record<string, unknown>;
  // oEmbed 1.0: version, type; for "video": html, width, height (positive integers); thumbnail fields all or none.
  expect(o.version).toBe('1.0');
  expect(o.type).toBe('video');
  expect(o.title).toBe('Product demo');
  expect(o.provider_name).toBe('Reelay');
  expect(Number.isInteger(o.width) && (o.width as number) > 0).toBe(true);
  expect(Number.isInteger(o.height) && (o.height as number) > 0).toBe(true);
  expect([o.width, o.height]).toEqual([PLAYABLE.width, PLAYABLE.height]);
  expect(o.thumbnail_url).toBe(`${shareUrl}/thumbnail`);
  expect([typeof o.thumbnail_width, typeof o.thumbnail_height]).toEqual(['number', 'number']);
  expect(o.html).toMatch(new RegExp(`^<iframe src="${backend.url}/embed/${rec.id}" width="${o.width}" height="${o.height}" [^>]*></iframe>$`));
  const thumb = await page.request.get(o.thumbnail_url as string);
  expect(thumb.headers()['content-type']).toBe('image/png');

  // The snippet, as a site would paste it: it plays.
  await page.goto(site.url('blank.html'));
  await page.locator('#slot').evaluate((slot, html) => {
    slot.innerHTML = html;
  }, o.html as string);
  const pasted = () => page.frames().find((f) => f.url() === `${backend.url}/embed/${rec.id}`);
  await expect.poll(() => !!pasted(), { timeout: 15_000 }).toBe(true);
  await expectPlaysIn(pasted()!);
});
