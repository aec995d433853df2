/**
 * A dedicated worker that keeps the recording's running SHA-256 off the offscreen document's main
 * thread (see worker-stream-hasher.ts for the protocol). Answers every update with the new state.
 */
import { Sha256 } from './pure/sha256';
import type { HashWorkerReply, HashWorkerRequest } from './pure/hash-worker-protocol';

let hash = new Sha256();

self.onmessage = (event: MessageEvent<HashWorkerRequest>) => {
  const request = event.data;
  let reply: HashWorkerReply;
  try {
    if (request.type === 'update') {
      reply = { type: 'state', state: hash.update(request.bytes).state() };
    } else {
      hash = request.state ? Sha256.fromState(request.state) : new Sha256();
      return;
    }
  } catch (error) {
    reply = { type: 'error', message: String(error) };
  }
  (self as unknown as Worker).postMessage(reply);
};
