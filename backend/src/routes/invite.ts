/**
 * /invite/:token: the set-password page of an invite link (from POST /api/users, or printed at
 * the first start for the first admin). Who: whoever holds the link; the token in the path is
 * the credential, so the form needs no other CSRF protection, and it works once.
 */
import { Hono, type Context } from 'hono';
import type { Accounts } from '../accounts';
import { MIN_PASSWORD_LENGTH } from '../accounts/auth';
import { INVITE_PAGE_CSP, invalidInvitePage, passwordSetPage, setPasswordPage } from '../accounts/invite-page';

function html(c: Context, body: string, status: 200 | 400 | 404 = 200) {
  c.header('Content-Security-Policy', INVITE_PAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}

export function inviteRoutes({ accounts }: { accounts: Accounts }): Hono {
  const app = new Hono();

  app.get('/:token', async (c) => {
    const email = await accounts.users.inviteEmail(c.req.param('token'));
    return email ? html(c, setPasswordPage({ email })) : html(c, invalidInvitePage(), 404);
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const email = await accounts.users.inviteEmail(token);
    if (!email) return html(c, invalidInvitePage(), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const password = typeof form.password === 'string' ? form.password : '';
    const confirm = typeof form.confirm === 'string' ? form.confirm : '';
    const error =
      password.length < MIN_PASSWORD_LENGTH
        ? `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`
        : password.length > 128
          ? 'The password may have at most 128 characters.'
          : password !== confirm
            ? 'The two passwords differ: type the same one twice.'
            : undefined;
    if (error) return html(c, setPasswordPage({ email, error }), 400);
    try {
      await accounts.users.acceptInvite(token, password);
    } catch {
      return html(c, invalidInvitePage(), 404);
    }
    return html(c, passwordSetPage(email));
  });

  return app;
}
