import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError } from '../../src/core/upload-errors';
import { ConnectionCheckError, describeConnectionError, normalizeServerUrl } from '../../src/shared/connection';

describe('normalizeServerUrl', () => {
  it.each([
    ['http://localhost:8787', 'http://localhost:8787'],
    ['  http://localhost:8787/  ', 'http://localhost:8787'],
    ['HTTP://LocalHost:8787//', 'http://localhost:8787'],
    ['localhost:8787', 'http://localhost:8787'],
    ['127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['[::1]:8787', 'http://[::1]:8787'],
    ['reelay.example.com', 'https://reelay.example.com'],
    ['https://example.com/reelay/', 'https://example.com/reelay'],
    ['https://example.com/reelay?x=1#top', 'https://example.com/reelay'],
    ['https://example.com:443', 'https://example.com'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeServerUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each([
    ['', 'Enter the address'],
    ['   ', 'Enter the address'],
    ['ftp://example.com', 'must start with http:// or https://'],
    ['http://user:pw@example.com', 'Leave user name and password out'],
    ['http://exa mple.com', 'is not a valid address'],
  ])('rejects %j', (input, message) => {
    const result = normalizeServerUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('describeConnectionError', () => {
  const url = 'http://localhost:8787';

  it('points at the URL when the server cannot be reached, and says so when it timed out', () => {
    const refused = describeConnectionError(new NetworkError(url, false), url);
    expect(refused.field).toBe('serverUrl');
    expect(refused.message).toContain("Can't reach a server at http://localhost:8787");
    const slow = describeConnectionError(new NetworkError(url, true), url);
    expect(slow.message).toContain('did not answer in time');
  });

  it('points at the token for 401 and 403', () => {
    for (const status of [401, 403]) {
      const err = describeConnectionError(new HttpError(status, 'unauthorized', undefined, 'bad token'), url);
      expect(err.field).toBe('apiToken');
      expect(err.message).toContain('rejected this API token');
    }
  });

  it('says "not a Reelay server" for foreign answers and 404', () => {
    for (const err of [new HttpError(200, 'not_reelay', undefined, 'x'), new HttpError(404, 'not_found', undefined, 'x')]) {
      const described = describeConnectionError(err, url);
      expect(described.field).toBe('serverUrl');
      expect(described.message).toContain('is not a Reelay server');
    }
  });

  it('passes other server errors through with their status', () => {
    const err = describeConnectionError(new HttpError(429, 'rate_limited', undefined, 'Slow down.'), url);
    expect(err.field).toBeNull();
    expect(err.message).toContain('Slow down.');
    expect(err.message).toContain('429');
  });

  it('keeps an existing ConnectionCheckError', () => {
    const original = new ConnectionCheckError('apiToken', 'x');
    expect(describeConnectionError(original, url)).toBe(original);
  });
});
