/** UPLOAD_MAX_BYTES: bytes or a size with a unit; 5 GiB when not set; bad values are one clear line. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_MAX_BYTES, parseConfig } from '../../src/config';
import { fileRecording, titleFromFileName } from '../../src/recordings/file-upload';

describe('UPLOAD_MAX_BYTES', () => {
  it('defaults to 5 GiB and takes bytes or KB/MB/GB/KiB/MiB/GiB', () => {
    expect(parseConfig({}).uploadMaxBytes).toBe(5 * 1024 ** 3);
    expect(DEFAULT_UPLOAD_MAX_BYTES).toBe(5 * 1024 ** 3);
    expect(parseConfig({ UPLOAD_MAX_BYTES: '1048576' }).uploadMaxBytes).toBe(1024 ** 2);
    expect(parseConfig({ UPLOAD_MAX_BYTES: '500MB' }).uploadMaxBytes).toBe(500e6);
    expect(parseConfig({ UPLOAD_MAX_BYTES: '2 GiB' }).uploadMaxBytes).toBe(2 * 1024 ** 3);
    expect(parseConfig({ UPLOAD_MAX_BYTES: '1.5gib' }).uploadMaxBytes).toBe(1.5 * 1024 ** 3);
  });

  it('refuses what is not a size, 0, and more than 10,000 parts of 5 MiB', () => {
    expect(() => parseConfig({ UPLOAD_MAX_BYTES: 'lots' })).toThrow(/^Invalid UPLOAD_MAX_BYTES \("lots"\): must be a size in bytes/);
    expect(() => parseConfig({ UPLOAD_MAX_BYTES: '0' })).toThrow(/must be at least 1 byte/);
    expect(() => parseConfig({ UPLOAD_MAX_BYTES: '49GiB' })).toThrow(/10,000 parts of 5 MiB/);
  });
});

describe('a file recording at create', () => {
  it('is titled after the file name without its extension (or the given title)', () => {
    expect(titleFromFileName('Team demo.final.mp4')).toBe('Team demo.final');
    expect(titleFromFileName('C:\\videos\\talk.MOV')).toBe('talk');
    expect(titleFromFileName('.mp4')).toBe('.mp4');
    expect(titleFromFileName('noext')).toBe('noext');
    const file = { name: 'a.mp4', size: 10 };
    expect(fileRecording({ mimeType: 'video/mp4', file }, 100).title).toBe('a');
    expect(fileRecording({ title: 'Mine', mimeType: 'video/mp4', file }, 100).title).toBe('Mine');
  });

  it('is refused with 413 above the limit, never above what 10,000 parts hold', () => {
    expect(() => fileRecording({ mimeType: 'video/mp4', file: { name: 'a.mp4', size: 101 } }, 100)).toThrow(
      expect.objectContaining({ status: 413, code: 'payload_too_large' }),
    );
    const huge = 10_000 * 5 * 1024 * 1024 + 1;
    expect(() => fileRecording({ mimeType: 'video/mp4', file: { name: 'a.mp4', size: huge } }, Number.MAX_SAFE_INTEGER)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
  });
});
