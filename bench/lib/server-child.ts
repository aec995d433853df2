/**
 * Runs one Reelay backend process for a benchmark or load test (so the load generator
 * does not share its event loop). Started by backend-process.ts; reports { url, apiToken }
 * over IPC, then forwards every log line (store restarts, storage errors, ...) the same way.
 */
import { startReelay } from '../../backend/src/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const reelay = await startReelay(process.env, { log: (line) => process.send?.({ type: 'log', line }) });
process.send?.({ type: 'ready', url: reelay.localUrl, apiToken: reelay.apiToken });
const stop = () => {
  reelay.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
