/**
 * Entry point of the embedded store's child process (forked by index.ts, run with tsx).
 * The store runs apart from the backend so that no request can bring the backend down;
 * the parent restarts this process if it dies.
 *
 * IPC: parent sends {type:'start', config}; child answers {type:'ready', port} or
 * {type:'failed', message}. The child exits when the parent goes away (IPC disconnect).
 */
import { runStoreServer, type StoreServerConfig } from './server';

// Objects, parts, manifests and their sidecars are the users' recordings: files 0600 and
// folders 0700 whatever s3rver or we create (s3rver passes no modes of its own).
process.umask(0o077);

export type ParentMessage = { type: 'start'; config: StoreServerConfig };
export type ChildMessage = { type: 'ready'; port: number } | { type: 'failed'; message: string };

function send(message: ChildMessage): void {
  process.send?.(message);
}

function describeStartupError(err: unknown, config: StoreServerConfig): string {
  const e = err as NodeJS.ErrnoException;
  const where = `${config.host}:${config.port}`;
  if (e?.code === 'EADDRINUSE') return `embedded S3 store: ${where} is already in use (EADDRINUSE); choose another port (EMBEDDED_S3_PORT)`;
  if (e?.code === 'EACCES') return `embedded S3 store: not allowed to listen on ${where} (EACCES)`;
  if (e?.code === 'EADDRNOTAVAIL') return `embedded S3 store: address ${config.host} is not available on this machine (EADDRNOTAVAIL)`;
  return `embedded S3 store failed to start on ${where} with data in ${config.directory}: ${e?.message ?? String(err)}`;
}

let close: (() => Promise<void>) | undefined;

process.on('message', (message: ParentMessage) => {
  if (message?.type !== 'start' || close) return;
  runStoreServer(message.config).then(
    (server) => {
      close = server.close;
      send({ type: 'ready', port: server.port });
    },
    (err: unknown) => {
      send({ type: 'failed', message: describeStartupError(err, message.config) });
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
});

const shutdown = () => {
  const done = () => process.exit();
  if (!close) return done();
  close().then(done, done);
  setTimeout(done, 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('disconnect', shutdown);
// Ctrl-C in a terminal reaches the whole process group: leave the decision to the parent,
// which stops us (SIGTERM) or disappears (disconnect).
process.on('SIGINT', () => undefined);
