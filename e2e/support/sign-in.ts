/**
 * Signing in from the extension, as a person does it: "Sign in" opens the server's page in
 * Chrome's sign-in window (chrome.identity.launchWebAuthFlow: a Playwright page of the context),
 * which sends a signed-out person to /sign-in first; they sign in there and press Allow.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';

export interface Person {
  email: string;
  password: string;
  name: string;
}

/** Adds a member with a password (POST /api/users as the first admin). */
export async function addMember(serverUrl: string, adminToken: string, person: Person): Promise<{ id: string }> {
  const res = await fetch(`${serverUrl}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...person, role: 'member' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}

/** The sign-in window, once `click` (pressing "Sign in" in the extension) has opened it. */
export async function openSignInWindow(context: BrowserContext, serverUrl: string, click: () => Promise<void>): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().startsWith(serverUrl), timeout: 30_000 });
  await click();
  return opened;
}

/** In the sign-in window: the server's /sign-in page (email, password), then Allow on the consent page. */
export async function signInAndAllow(window: Page, person: Person): Promise<void> {
  await expect(window).toHaveURL(/\/sign-in\?next=%2Fextension%2Fauthorize/);
  await window.getByLabel('Email').fill(person.email);
  await window.getByLabel('Password').fill(person.password);
  await window.getByRole('button', { name: 'Sign in' }).click();
  await expect(window.getByRole('heading', { name: `Connect the Reelay extension to ${person.name}’s account?` })).toBeVisible();
  const closed = window.waitForEvent('close');
  await window.getByRole('button', { name: 'Allow' }).click();
  await closed; // Chrome closes the window once the redirect reaches the extension
}
