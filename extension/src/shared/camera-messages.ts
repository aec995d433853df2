/**
 * The messages of the camera bubble (part of the typed contract in messages.ts, kept here so that
 * file stays short): target 'camera' is the camera feed in the offscreen document, asked by the
 * in-page bubble and control bar; target 'overlay' is the broadcasts to the in-page frames.
 * Entries are `{ data, response }` as in messages.ts (`response: void`: fire-and-forget).
 */
import type { RecorderError } from './recorder-status';

/** The recording's camera: not asked for, opening, live, or failed (the recording goes on without it). */
export type CameraState =
  | { state: 'off' }
  | { state: 'opening' }
  | { state: 'live' }
  | { state: 'failed'; error: RecorderError };

/** Reply to a WebRTC offer for the camera's live view: the answer SDP, or why there is no picture. */
export type CameraConnectResult = { ok: true; answer: string } | { ok: false; camera: CameraState };

export interface CameraMessages {
  'get-camera': { data: Record<string, never>; response: CameraState };
  /** The bubble's offer (SDP, ICE gathered, receive-only video); the feed answers with the camera track. */
  'connect-camera': { data: { offer: string }; response: CameraConnectResult };
}

export interface OverlayMessages {
  'camera-changed': { data: { camera: CameraState }; response: void };
}
