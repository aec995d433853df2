/** /sign-in?next=: only a path on this server; everything else (other sites, tricks) is /library. */
import { describe, expect, it } from 'vitest';
import { safeNextPath, signInUrl } from '../../src/web/next-path';

describe('safeNextPath', () => {
  it.each([
    ['/library', '/library'],
    ['/library?view=team&q=bug', '/library?view=team&q=bug'],
    ['/account#tokens', '/account#tokens'],
    ['/extension/sign-in?state=abc', '/extension/sign-in?state=abc'],
    ['/a/../account', '/account'],
  ])('keeps the same-origin path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'https://evil.example/library',
    '//evil.example/library',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'library',
    '/\t/evil.example',
    '/sign-in?next=/library',
    `/${'a'.repeat(2001)}`,
  ])('sends %s to /library instead', (raw) => {
    expect(safeNextPath(raw)).toBe('/library');
  });

  it('signInUrl carries the path, encoded', () => {
    expect(signInUrl('/library?view=team')).toBe('/sign-in?next=%2Flibrary%3Fview%3Dteam');
    expect(signInUrl('https://evil.example')).toBe('/sign-in?next=%2Flibrary');
  });
});
