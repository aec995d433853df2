/**
 * What the pages say when a call fails: sign-in's wrong password and too many tries, and the
 * library's and account page's errors, in plain words that say what to do (never a status code).
 */
import { describe, expect, it } from 'vitest';
import { ApiFailure, plainWords } from '../../web/shared/api';
import { signInError } from '../../web/sign-in/SignInForm';

describe('sign-in errors', () => {
  it.each([
    [new ApiFailure(401, 'unauthorized', 'Wrong email or password'), /email or the password is wrong.*ask an admin/],
    [new ApiFailure(429, 'bad_request', 'Too many requests'), /^Too many sign-in attempts\. Wait a minute, then try again\.$/],
    [new ApiFailure(0, 'network', 'unreachable'), /could not be reached\. Check your connection/],
    [new ApiFailure(500, 'server_error', 'boom'), /problem on the server\. Try again in a moment/],
    [new Error('a bug'), /problem on the server/],
  ])('%s', (err, words) => {
    const text = signInError(err);
    expect(text).toMatch(words);
    expect(text).not.toMatch(/\b[45]\d\d\b/);
  });
});

describe('other failures', () => {
  it.each([
    [new ApiFailure(401, 'unauthorized', 'x'), 'You are signed out. Reload the page to sign in again.'],
    [new ApiFailure(403, 'forbidden', 'x'), 'You are not allowed to do this. Only the owner of a recording or an admin can change it.'],
    [new ApiFailure(404, 'not_found', 'x'), 'It is no longer there: someone may have deleted it. Reload the page.'],
    [new ApiFailure(409, 'email_taken', 'Someone with the email a@b.c already exists'), 'Someone with the email a@b.c already exists.'],
    [new ApiFailure(400, 'invalid_request', 'name must not be empty.'), 'name must not be empty.'],
    [new ApiFailure(503, 'starting', 'x'), 'The server had a problem. Try again in a moment.'],
  ])('%s', (err, words) => {
    expect(plainWords(err)).toBe(words);
  });
});
