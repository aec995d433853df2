/** JSON request bodies validated with zod; any problem is a 400 naming the field. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from './errors';

export async function parseJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
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
