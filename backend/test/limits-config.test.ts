/** The account limits' environment variables (issue 15): defaults, units, and one-line errors. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';
import { DEFAULT_ACCOUNT_LIMITS } from '../src/limits/account-limits';

describe('account limits in the configuration', () => {
  it('default to DEFAULT_ACCOUNT_LIMITS and 20 sign-in attempts per account', () => {
    const c = parseConfig({});
    expect(c.accountLimits).toEqual(DEFAULT_ACCOUNT_LIMITS);
    expect(c.signInAttemptsPerAccount).toBe(20);
  });

  it('read sizes with units and whole numbers', () => {
    const c = parseConfig({
      STORAGE_QUOTA_BYTES: '2 TiB',
      MAX_RECORDING_BYTES: '500MiB',
      RECORDINGS_PER_HOUR: ' 30 ',
      PRESIGNS_PER_MINUTE: '90',
      SIGN_IN_ATTEMPTS_PER_ACCOUNT: '5',
      MAX_RECORDING_MINUTES: '45',
    });
    expect(c.accountLimits).toEqual({
      storageQuotaBytes: 2 * 1024 ** 4,
      maxRecordingBytes: 500 * 1024 ** 2,
      maxRecordingMinutes: 45,
      recordingsPerHour: 30,
      presignsPerMinute: 90,
    });
    expect(c.signInAttemptsPerAccount).toBe(5);
  });

  it.each([
    [{ STORAGE_QUOTA_BYTES: 'lots' }, /^Invalid STORAGE_QUOTA_BYTES \("lots"\): must be a size in bytes/],
    [{ MAX_RECORDING_BYTES: '100 GiB' }, /^Invalid MAX_RECORDING_BYTES .*at most .*10,000 parts of 5 MiB/],
    [{ RECORDINGS_PER_HOUR: '0' }, /^Invalid RECORDINGS_PER_HOUR \("0"\): must be at least 1/],
    [{ PRESIGNS_PER_MINUTE: '1.5' }, /^Invalid PRESIGNS_PER_MINUTE .*whole number/],
    [{ MAX_RECORDING_MINUTES: '1441' }, /^Invalid MAX_RECORDING_MINUTES \("1441"\): must be at most 1440/],
  ])('%o is a ConfigError with one clear line', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});
