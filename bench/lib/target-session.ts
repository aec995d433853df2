/**
 * A CDP session on one target (e.g. the extension's offscreen document, which Playwright does not
 * expose as a Page), over a Playwright browser CDP session: Target.attachToTarget without
 * `flatten`, then Target.sendMessageToTarget / receivedMessageFromTarget (verified with
 * Chromium 156 + Playwright 1.65; Playwright's CDPSession cannot address flattened child sessions).
 */
import type { CDPSession } from 'playwright-core';

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
  method?: string;
  params?: unknown;
}

export class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Map<string, ((params: any) => void)[]>();

  private constructor(
    private readonly browser: CDPSession,
    private readonly sessionId: string,
  ) {
    browser.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== this.sessionId) return;
      const msg = JSON.parse(event.message) as Reply;
      if (msg.id !== undefined) {
        const call = this.pending.get(msg.id);
        if (!call) return;
        this.pending.delete(msg.id);
        if (msg.error) call.reject(new Error(`${call.method}: ${msg.error.message}`));
        else call.resolve(msg.result);
      } else if (msg.method) {
        for (const fn of this.listeners.get(msg.method) ?? []) fn(msg.params);
      }
    });
    browser.on('Target.detachedFromTarget', (event: { sessionId: string }) => {
      if (event.sessionId !== this.sessionId) return;
      for (const call of this.pending.values()) call.reject(new Error(`${call.method}: the target went away`));
      this.pending.clear();
    });
  }

  static async attach(browser: CDPSession, targetId: string): Promise<TargetSession> {
    const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
    return new TargetSession(browser, sessionId);
  }

  send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method }));
    this.browser
      .send('Target.sendMessageToTarget' as never, { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) } as never)
      .catch((error: Error) => {
        this.pending.get(id)?.reject(error);
        this.pending.delete(id);
      });
    return reply;
  }

  on(method: string, fn: (params: any) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), fn]);
  }

  off(method: string, fn: (params: any) => void): void {
    this.listeners.set(method, (this.listeners.get(method) ?? []).filter((f) => f !== fn));
  }

  /** Evaluates `expression` in the target (awaiting a promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  }

  async detach(): Promise<void> {
    await this.browser.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
  }
}
