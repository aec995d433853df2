import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  dispatchMessage,
  isMessage,
  isMessageFor,
  message,
  type CommandResult,
  type ListRecentResult,
  type Message,
  type MessageHandlers,
  type ResponseFor,
} from '../../src/shared/messages';
import {
  emptyUploadProgress,
  isActiveStatus,
  statusIs,
  type RecorderStatus,
} from '../../src/shared/recorder-status';

describe('isMessageFor', () => {
  it('accepts known messages of its target only', () => {
    const stop = message('offscreen', 'stop-recording', {});
    expect(isMessageFor('offscreen', stop)).toBe(true);
    expect(isMessageFor('background', stop)).toBe(false);
    expect(isMessageFor('popup', stop)).toBe(false);
  });

  it('rejects unknown types, missing data and non-objects', () => {
    expect(isMessageFor('offscreen', { target: 'offscreen', type: 'explode', data: {} })).toBe(false);
    expect(isMessageFor('offscreen', { target: 'offscreen', type: 'get-status' })).toBe(false);
    expect(isMessageFor('offscreen', { target: 'offscreen', type: 'toString', data: {} })).toBe(false);
    expect(isMessageFor('offscreen', null)).toBe(false);
    expect(isMessageFor('offscreen', 'get-status')).toBe(false);
  });

  it('isMessage narrows to one type', () => {
    const m: unknown = message('background', 'badge', { text: 'REC', color: '#d93025' });
    expect(isMessage(m, 'background', 'badge')).toBe(true);
    expect(isMessage(m, 'background', 'recording-failed')).toBe(false);
    if (isMessage(m, 'background', 'badge')) expectTypeOf(m.data.text).toEqualTypeOf<string>();
  });
});

describe('response typing', () => {
  it('maps requests to their replies', () => {
    expectTypeOf<ResponseFor<Message<'offscreen', 'get-status'>>>().toEqualTypeOf<RecorderStatus>();
    expectTypeOf<ResponseFor<Message<'offscreen', 'list-recent'>>>().toEqualTypeOf<ListRecentResult>();
    expectTypeOf<ResponseFor<Message<'background', 'start-recording'>>>().toEqualTypeOf<CommandResult>();
    expectTypeOf<ResponseFor<Message<'popup', 'status-changed'>>>().toEqualTypeOf<void>();
  });
});

describe('dispatchMessage', () => {
  const sender = {} as chrome.runtime.MessageSender;
  const handlers: MessageHandlers<'popup'> = {
    'status-changed': ({ status }) => {
      if (status.state === 'failed') throw new Error('boom');
    },
  };

  it('ignores messages for other targets so other contexts can answer', () => {
    const replies: unknown[] = [];
    const kept = dispatchMessage('popup', handlers, message('offscreen', 'get-status', {}), sender, (r) => replies.push(r));
    expect(kept).toBeUndefined();
    expect(replies).toEqual([]);
  });

  it('answers a throwing handler with ok:false instead of hanging', async () => {
    const reply = await new Promise<unknown>((resolve) => {
      const kept = dispatchMessage(
        'popup',
        handlers,
        message('popup', 'status-changed', {
          status: { state: 'failed', error: { code: 'unknown', message: 'x', hint: '' } },
        }),
        sender,
        resolve,
      );
      expect(kept).toBe(true);
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown', message: 'boom' } });
  });
});

describe('recorder status helpers', () => {
  it('classifies active states', () => {
    const upload = emptyUploadProgress();
    const recording: RecorderStatus = {
      state: 'recording',
      startedAt: 1,
      elapsedMs: 0,
      source: 'tab',
      microphone: false,
      upload,
    };
    expect(isActiveStatus(recording)).toBe(true);
    expect(isActiveStatus({ state: 'finishing', elapsedMs: 0, upload })).toBe(true);
    expect(isActiveStatus({ state: 'done', shareUrl: 'u', recordingId: 'r' })).toBe(false);
    expect(isActiveStatus({ state: 'idle' })).toBe(false);
    expect(statusIs(recording, 'recording')).toBe(true);
    expect(statusIs(recording, 'paused')).toBe(false);
  });
});
