/** parseJsonBody: one parse per request and schema, shared by a middleware and its route; 400s for bad bodies. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonBody } from '../src/http/body';
import { toErrorResponse } from '../src/http/errors';

function appCounting() {
  let parses = 0;
  const schema = z.object({ n: z.number().int() }).transform((v) => {
    parses++;
    return { ...v };
  });
  const app = new Hono();
  app.onError((err, c) => toErrorResponse(err, c, () => undefined));
  app.post(
    '/',
    async (c, next) => {
      await parseJsonBody(c, schema).catch(() => undefined); // a middleware that only peeks
      await next();
    },
    async (c) => {
      const first = await parseJsonBody(c, schema);
      const again = await parseJsonBody(c, schema);
      return c.json({ n: first.n, same: first === again });
    },
  );
  return { app, parses: () => parses };
}

const post = (app: Hono, body: string) => app.request('/', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('parseJsonBody', () => {
  it('parses a body once per request, for the middleware and the route alike', async () => {
    const { app, parses } = appCounting();
    const res = await post(app, '{"n":3}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 3, same: true });
    expect(parses()).toBe(1);
    await post(app, '{"n":4}');
    expect(parses()).toBe(2); // the next request parses its own body
  });

  it('answers 400 invalid_json and invalid_request, naming the field', async () => {
    const { app } = appCounting();
    const bad = await post(app, '{');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const wrong = await post(app, '{"n":"x"}');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('n:') } });
  });
});
