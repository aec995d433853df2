import { describe, expect, it } from 'vitest';
import { NoAnswerError, sendUntilAnswered } from '../../src/core/messaging/send-until-answered';

const noReceiver = (err: unknown) => /Receiving end does not exist/.test(String(err));
const options = { attempts: 5, delayMs: 0, isNoReceiver: noReceiver, sleep: async () => undefined };

/** Replies in turn with each of `replies` (an Error is thrown). */
function scripted<T>(replies: (T | undefined | Error)[]) {
  let calls = 0;
  const send = async () => {
    const reply = replies[Math.min(calls++, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { send, calls: () => calls };
}

describe('sendUntilAnswered', () => {
  it('retries an undefined reply (another page listened, the new document did not yet) until the answer comes', async () => {
    const s = scripted([undefined, undefined, { state: 'idle' }]);
    await expect(sendUntilAnswered(s.send, options)).resolves.toEqual({ state: 'idle' });
    expect(s.calls()).toBe(3);
  });

  it('retries "Receiving end does not exist" too', async () => {
    const s = scripted([new Error('Could not establish connection. Receiving end does not exist.'), { ok: true }]);
    await expect(sendUntilAnswered(s.send, options)).resolves.toEqual({ ok: true });
    expect(s.calls()).toBe(2);
  });

  it('gives up after the attempts with a named error', async () => {
    const s = scripted<{ ok: boolean }>([undefined]);
    await expect(sendUntilAnswered(s.send, options)).rejects.toBeInstanceOf(NoAnswerError);
    expect(s.calls()).toBe(5);
  });

  it('does not retry other failures', async () => {
    const s = scripted([new Error('Extension context invalidated.'), { ok: true }]);
    await expect(sendUntilAnswered(s.send, options)).rejects.toThrow('Extension context invalidated.');
    expect(s.calls()).toBe(1);
  });
});
