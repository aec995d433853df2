/**
 * Connecting the extension to a server: the popup's first-run form and the options
 * page, against a real backend, a server that is not Reelay, and a dead port.
 */
import { connect, expect, readStorage, test, unusedPort } from './fixtures';

test('popup: a valid server URL and token connect and are stored', async ({ ext, openPopup, backend }) => {
  const popup = await openPopup();
  await expect(popup.getByLabel('Server URL')).toBeVisible();
  await expect(popup.getByLabel('API token')).toBeVisible();

  await connect(popup, backend.url + '/', backend.apiToken);

  await expect(popup.getByText(`Connected to ${backend.url}`)).toBeVisible();
  await expect(popup.getByLabel('API token')).toHaveCount(0);
  await expect(popup.getByRole('button', { name: 'Start recording' })).toBeVisible();
  const stored = (await readStorage(ext, 'connection')) as Record<string, unknown>;
  expect(stored).toMatchObject({ serverUrl: backend.url, apiToken: backend.apiToken, partSize: 5 * 1024 * 1024 });

  // Reopening the popup goes straight to the connected state.
  const again = await openPopup();
  await expect(again.getByText(`Connected to ${backend.url}`)).toBeVisible();
});

test('popup: a wrong token is rejected with a clear error and nothing is stored', async ({ ext, openPopup, backend }) => {
  const popup = await openPopup();
  await connect(popup, backend.url, backend.apiToken + 'x');

  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('rejected this API token');
  await expect(popup.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  expect(await readStorage(ext, 'connection')).toBeUndefined();

  // Correcting the token then works from the same form.
  await popup.getByLabel('API token').fill(backend.apiToken);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByText(`Connected to ${backend.url}`)).toBeVisible();
});

test('popup: an unreachable server and a non-Reelay server get different errors', async ({ openPopup, testPages }) => {
  const popup = await openPopup();
  const deadUrl = `http://127.0.0.1:${await unusedPort()}`;
  await connect(popup, deadUrl, 'some-token');
  await expect(popup.getByRole('alert')).toContainText(`Can't reach a server at ${deadUrl}`);

  await popup.getByLabel('Server URL').fill(testPages.origin);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('alert')).toContainText('is not a Reelay server');
  await expect(popup.getByLabel('Server URL')).toHaveAttribute('aria-invalid', 'true');
});

test('options page: same form; saving there connects the popup too', async ({ ext, openOptions, openPopup, backend }) => {
  const options = await openOptions();
  await connect(options, backend.url, 'wrong-token');
  await expect(options.getByRole('alert')).toContainText('rejected this API token');

  await options.getByLabel('API token').fill(backend.apiToken);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText(`Connected to ${backend.url}`);
  expect(await readStorage(ext, 'connection')).toMatchObject({ serverUrl: backend.url });

  const popup = await openPopup();
  await expect(popup.getByText(`Connected to ${backend.url}`)).toBeVisible();

  // Sign out on the options page: the open popup falls back to the connect form.
  await options.getByRole('button', { name: 'Sign out' }).click();
  await expect(popup.getByLabel('Server URL')).toBeVisible();
  expect(await readStorage(ext, 'connection')).toBeUndefined();
});
