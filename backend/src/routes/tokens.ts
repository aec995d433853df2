/** /api/tokens: a signed-in person's personal API tokens (list, create once-shown, revoke). Who: the person themselves (an admin may revoke anyone's). */
import { Hono } from 'hono';
import { createTokenSchema, type CreateTokenResponse, type TokensResponse } from '../../../api';
import type { Accounts } from '../accounts';
import { currentUser, requireUser, type UserAuthOptions } from '../http/auth';
import { parseJsonBody } from '../http/body';
import { ApiError } from '../http/errors';

export function tokenRoutes(opts: UserAuthOptions & { accounts: Accounts }): Hono {
  const app = new Hono();
  const signedIn = requireUser(opts);

  app.get('/', signedIn, async (c) => {
    c.header('Cache-Control', 'no-store');
    const res: TokensResponse = { tokens: await opts.accounts.tokens.list(currentUser(c).id) };
    return c.json(res);
  });

  app.post('/', signedIn, async (c) => {
    const { name } = await parseJsonBody(c, createTokenSchema);
    const res: CreateTokenResponse = await opts.accounts.tokens.create(currentUser(c).id, name);
    c.header('Cache-Control', 'no-store');
    return c.json(res, 201);
  });

  app.delete('/:id', signedIn, async (c) => {
    if (!(await opts.accounts.tokens.revoke(c.req.param('id'), currentUser(c)))) {
      throw new ApiError(404, 'not_found', 'No such token');
    }
    return c.body(null, 204);
  });

  return app;
}
