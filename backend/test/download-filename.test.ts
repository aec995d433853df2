/**
 * The download's file name (issue 15, finding 2): a title cut at 120 characters inside an
 * emoji, or holding a lone surrogate, once made /v/:id/download answer 500 (encodeURIComponent
 * throws on half a surrogate pair). Names are cut at code points; lone surrogates and bidi
 * controls (which can disguise an extension: "evil\u202Egpj.exe") are dropped.
 * Unit cases, then real recordings over HTTP with the store's presigned GET followed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition, downloadFilename } from '../src/share/format';
import { createFinishedRecording, startTestServer, type TestServer } from './helpers';

const EMOJI_AT_CUT = `${'a'.repeat(119)}😀b`;

describe('downloadFilename / contentDisposition (unit)', () => {
  it('cuts at 120 code points, keeping a whole emoji', () => {
    expect(downloadFilename(EMOJI_AT_CUT, 'video/webm')).toBe(`${'a'.repeat(119)}😀.webm`);
    expect(downloadFilename('😀'.repeat(200), 'video/mp4')).toBe(`${'😀'.repeat(120)}.mp4`);
  });

  it('drops lone surrogates, whatever their place', () => {
    expect(downloadFilename('x\ud800y', 'video/webm')).toBe('xy.webm');
    expect(downloadFilename('\udc00start', 'video/webm')).toBe('start.webm');
    expect(downloadFilename('end\ud83d', 'video/webm')).toBe('end.webm');
    expect(downloadFilename('\ud800', 'video/webm')).toBe('recording.webm');
  });

  it('drops bidi controls (U+202A–202E, U+2066–2069)', () => {
    const controls = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of controls) expect(downloadFilename(`evil${c}gpj.exe`, 'video/webm')).toBe('evilgpj.exe.webm');
    expect(downloadFilename('\u202e\u2066', 'video/webm')).toBe('recording.webm');
  });

  it('contentDisposition never throws, even when handed a lone surrogate or a bidi control', () => {
    expect(contentDisposition('a\ud800\u202eb.webm')).toBe(`attachment; filename="ab.webm"; filename*=UTF-8''ab.webm`);
    expect(contentDisposition(`${'a'.repeat(119)}😀.webm`)).toContain(`filename*=UTF-8''${'a'.repeat(119)}%F0%9F%98%80.webm`);
  });
});

describe('GET /v/:id/download with awkward titles (real recordings)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function download(title: string): Promise<{ status: number; disposition: string | null }> {
    const rec = await createFinishedRecording(t.reelay, { title, mimeType: 'video/webm' });
    const res = await fetch(`${t.reelay.localUrl}/v/${rec.id}/download`, { redirect: 'manual' });
    if (res.status !== 302) return { status: res.status, disposition: null };
    const file = await fetch(res.headers.get('location')!);
    await file.arrayBuffer();
    return { status: file.status, disposition: file.headers.get('content-disposition') };
  }

  it('119 × "a" + "😀" + "b": the whole emoji is kept, no 500', async () => {
    const { status, disposition } = await download(EMOJI_AT_CUT);
    expect(status).toBe(200);
    expect(disposition).toContain(`filename="${'a'.repeat(119)}_.webm"`);
    expect(disposition).toContain(`filename*=UTF-8''${'a'.repeat(119)}%F0%9F%98%80.webm`);
  });

  it('a lone surrogate in the title is dropped, no 500', async () => {
    const { status, disposition } = await download('Demo \ud800 take');
    expect(status).toBe(200);
    expect(disposition).toContain(`filename*=UTF-8''Demo%20take.webm`);
  });

  it('a right-to-left override cannot disguise the name', async () => {
    const { status, disposition } = await download('invoice\u202Egpj.exe');
    expect(status).toBe(200);
    expect(disposition).toContain(`filename*=UTF-8''invoicegpj.exe.webm`);
    expect(disposition).not.toContain('%E2%80%AE');
  });
});
