/**
 * The password form of a password-protected share link (issue 14): one field labelled "Password",
 * POSTed to /v/<id>/unlock (the CSP's form-action allows 'self' on this page only). After a wrong
 * password the form comes back with "That password isn't right", tied to the field for screen
 * readers. No title, no thumbnail: the viewer has not been let in yet.
 */
import { UNLOCK_PASSWORD_FIELD } from '../../../api';
import { escapeHtml } from './format';
import { layout } from './layout';
import { privateTags } from './social-tags';

export function passwordPage(opts: { id: string; page: string; wrong?: boolean; tooMany?: number | undefined }): string {
  const error = opts.tooMany
    ? `Too many tries from your network. Wait ${opts.tooMany} s, then try again.`
    : opts.wrong
      ? "That password isn't right. Check it with the person who sent you the link, then try again."
      : '';
  const described = error ? ' aria-describedby="password-error" aria-invalid="true"' : '';
  return layout({
    title: 'Password required · Reelay',
    head: privateTags(opts.page),
    body: `<div class="notice"><h1>This recording needs a password</h1>
<p>Its owner protected it with a password. Type it to watch.</p>
<form class="unlock" method="post" action="/v/${escapeHtml(opts.id)}/unlock">
<label for="password">Password</label>
<input id="password" name="${UNLOCK_PASSWORD_FIELD}" type="password" required autocomplete="current-password" autofocus${described}>
${error ? `<p class="unlock-error" id="password-error" role="alert">${escapeHtml(error)}</p>\n` : ''}<button type="submit" class="button">Watch</button>
</form></div>`,
  });
}
