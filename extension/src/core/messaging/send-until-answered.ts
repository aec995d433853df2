/**
 * Sends a message until the context it is for answers. A document that was just created may not
 * have registered its listener yet, and Chrome then says so in one of two ways: sendMessage
 * rejects ("Receiving end does not exist") when nothing listens at all, or, when another extension
 * page listens without answering (the open popup's broadcast listener), it resolves with
 * `undefined`. Every message sent through here has a defined reply, so both mean "not yet".
 * (CI saw the second: "Cannot read properties of undefined (reading 'state')" at Start.)
 */
export interface SendUntilAnsweredOptions {
  attempts: number;
  delayMs: number;
  isNoReceiver: (err: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

export class NoAnswerError extends Error {
  constructor(attempts: number) {
    super(`no answer after ${attempts} attempts`);
    this.name = 'NoAnswerError';
  }
}

export async function sendUntilAnswered<T>(send: () => Promise<T | undefined>, options: SendUntilAnsweredOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await send();
      if (reply !== undefined) return reply;
      if (attempt >= options.attempts) throw new NoAnswerError(attempt);
    } catch (err) {
      if (err instanceof NoAnswerError || !options.isNoReceiver(err) || attempt >= options.attempts) throw err;
    }
    await sleep(options.delayMs);
  }
}
