import { describe, expect, it } from 'vitest';
import { uploadFailureError } from '../../../src/core/recorder/recorder-errors';
import { HttpError, PresignRejectedError } from '../../../src/core/upload-errors';

const refused = (status: number, code: string) =>
  new PresignRejectedError([3], { cause: new HttpError(status, code, undefined, 'Your storage is full (100 GB).') });

describe("the account's limits at presign, in words", () => {
  it('a full storage quota (403 quota_exceeded) is not "check your token": it says storage is full and the recording is kept', () => {
    const words = uploadFailureError(refused(403, 'quota_exceeded'), 'https://reelay.example.com');
    expect(words.code).toBe('account_limit');
    expect(words.message).toMatch(/storage is full/);
    expect(words.hint).toMatch(/kept on this computer.*Delete recordings/);
  });

  it('the largest recording (413 recording_too_large) says the recording stopped there and to start a new one', () => {
    const words = uploadFailureError(refused(413, 'recording_too_large'), 'https://reelay.example.com');
    expect(words.code).toBe('account_limit');
    expect(words.message).toMatch(/largest size/);
    expect(words.hint).toMatch(/Start a new recording/);
  });

  it('a plain 403 is still a refused token', () => {
    expect(uploadFailureError(refused(403, 'forbidden'), 'https://reelay.example.com').code).toBe('unauthorized');
  });
});
