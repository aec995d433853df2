/**
 * better-auth, configured for Reelay: email + password (scrypt, memory-hard) with sign-up closed
 * (admins add people), sessions in httpOnly SameSite=Lax cookies stored in the database (so any
 * process can check any session), the admin plugin for the `admin`/`member` roles, and the
 * Origin check on cookie requests (CSRF) against PUBLIC_URL and EXTENSION_ORIGINS.
 */
import { betterAuth } from 'better-auth';
import { admin } from 'better-auth/plugins';
import { adminAc, userAc } from 'better-auth/plugins/admin/access';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const MIN_PASSWORD_LENGTH = 8;
/** Sessions last a week and slide while used. */
const SESSION_SECONDS = 7 * 24 * 3600;

export interface AuthOptions {
  kysely: Kysely<Database>;
  secret: string;
  publicUrl: string;
  trustedOrigins: string[];
  log: (line: string) => void;
}

export function createAuth(opts: AuthOptions) {
  return betterAuth({
    appName: 'Reelay',
    baseURL: opts.publicUrl,
    basePath: '/api/auth',
    secret: opts.secret,
    database: { db: opts.kysely as Kysely<any>, type: 'postgres' },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 3600 },
    trustedOrigins: opts.trustedOrigins,
    // Sign-in attempts are counted by routes/auth.ts in the database (per address and per account,
    // shared by every process), so better-auth's own sign-in rule (3 in 10 s, in this process's
    // memory) is off. Its general limiter stays on whatever NODE_ENV says. The address is the
    // socket's, passed by routes/auth.ts in CLIENT_IP_HEADER (a client's own header of that name is dropped there).
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { '/sign-in/email': false } },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      cookiePrefix: 'reelay',
      useSecureCookies: opts.publicUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [admin({ defaultRole: 'member', adminRoles: ['admin'], roles: { admin: adminAc, member: userAc } })],
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => {
        if (level === 'error' || level === 'warn') opts.log(`auth ${level}: ${message}`);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The header routes/auth.ts puts the socket's address in, for better-auth's per-address limits. */
export const CLIENT_IP_HEADER = 'x-reelay-client-ip';

