/**
 * `npm start` / `npm run serve`: starts Reelay with process.env (+ .env) and prints how
 * to connect the extension. A bad configuration stops the start with one clear line.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadDotEnv } from './config';
import { StorageSetupError } from './s3/bucket-setup';
import { startReelay } from './server';

// The SDK warns on every start that future versions need Node 22; not actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  const env = loadDotEnv(process.env);
  const reelay = await startReelay(env, { log: (line) => console.log(line) });
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  console.log(
    [
      '',
      `Reelay is running at ${reelay.url}`,
      `API token: ${reelay.apiToken}  (the personal API token of the admin ${reelay.admin.email})`,
      reelay.firstSignInUrl
        ? `First sign-in: open ${reelay.firstSignInUrl} to choose the password of ${reelay.admin.email} (valid 7 days; a new link is printed at every start until then)`
        : `Sign in as ${reelay.admin.email} with your password`,
      `Database: ${reelay.db.kind === 'pglite' ? `embedded (PGlite) in ${reelay.db.location}` : `PostgreSQL ${reelay.db.location}`}`,
      reelay.embeddedS3
        ? `Storage: embedded S3 store at ${reelay.embeddedS3.endpoint} (data in ${reelay.embeddedS3.directory})`
        : `Storage: ${reelay.config.s3.endpoint}, bucket "${reelay.config.s3.bucket}"`,
      '',
      'Load the extension in Chrome:',
      '  1. open chrome://extensions and turn on Developer mode',
      `  2. Load unpacked → ${dist}`,
      `  3. in the Reelay popup set Server URL to ${reelay.url} and paste the API token above`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C forces it
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    reelay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StorageSetupError) {
    console.error(`reelay: ${err.message}`);
  } else {
    console.error('reelay: failed to start:', err);
  }
  process.exit(1);
});
