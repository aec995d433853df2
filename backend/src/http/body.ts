/**
 * JSON request bodies validated with zod; any problem is a 400 naming the field. A body parsed
 * once per request and schema is remembered, so that a middleware that needs it (the presign
 * limits) and the route read one parse.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from './errors';

const parsedBodies = new WeakMap<Request, Map<z.ZodType<unknown>, unknown>>();

export async function parseJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const seen = parsedBodies.get(c.req.raw);
  if (seen?.has(schema)) return seen.get(schema) as T;
  const value = await parseUncached(c, schema);
  if (seen) seen.set(schema, value);
  else parsedBodies.set(c.req.raw, new Map([[schema, value]]));
  return value;
}

async function parseUncached<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'The request body must be valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw badRequest('invalid_request', `${where}${issue.message}`);
  }
  return result.data;
}
