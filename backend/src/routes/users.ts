/** /api/users: admins list, add and remove people. Who may see it: admins only. */
import { Hono } from 'hono';
import { createUserSchema, type CreateUserResponse, type UsersResponse } from '../../../api';
import type { Accounts } from '../accounts';
import { currentUser, requireAdmin, type UserAuthOptions } from '../http/auth';
import { parseJsonBody } from '../http/body';

export function userRoutes(opts: UserAuthOptions & { accounts: Accounts }): Hono {
  const app = new Hono();
  const adminOnly = requireAdmin(opts);

  app.get('/', adminOnly, async (c) => {
    const res: UsersResponse = { users: await opts.accounts.users.list() };
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  app.post('/', adminOnly, async (c) => {
    const body = await parseJsonBody(c, createUserSchema);
    const res: CreateUserResponse = await opts.accounts.users.create(body);
    c.header('Cache-Control', 'no-store');
    return c.json(res, 201);
  });

  app.delete('/:id', adminOnly, async (c) => {
    await opts.accounts.users.remove(c.req.param('id'), currentUser(c));
    return c.body(null, 204);
  });

  return app;
}
