/**
 * What the user reads when the camera fails. The bubble is an extra: a camera that is refused,
 * taken by another app or unplugged never stops a screen or tab recording, so these messages say
 * that the recording goes on. "Camera only" has nothing to record without it (cameraOnlyError).
 */
import type { RecorderError } from '../../shared/recorder-status';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function describe(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return String((error as { message: unknown }).message) || errorName(error) || 'unknown error';
  }
  return String(error);
}

const GOES_ON = 'The recording goes on without the camera bubble.';

/** Why the camera could not be opened for the bubble (the recording continues). */
export function cameraError(error: unknown): RecorderError {
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      code: 'permission_denied',
      message: `Reelay may not use the camera. ${GOES_ON}`,
      hint: 'Allow the camera on Reelay’s permission page (turn the Camera switch off and on again), or leave the camera off.',
    };
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return {
      code: 'capture_failed',
      message: `The camera is in use by another app or could not be started. ${GOES_ON}`,
      hint: 'Close the other app that uses the camera, then start a new recording.',
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return {
      code: 'capture_failed',
      message: `The chosen camera was not found. ${GOES_ON}`,
      hint: 'Connect the camera, or choose another one in the Reelay popup.',
    };
  }
  return { code: 'capture_failed', message: `The camera could not be opened (${describe(error)}). ${GOES_ON}`, hint: 'Check the camera and try again.' };
}

/** The camera's track ended while recording: unplugged, or taken by the system. */
export function cameraLostError(): RecorderError {
  return {
    code: 'capture_failed',
    message: `The camera was disconnected. ${GOES_ON}`,
    hint: 'Reconnect the camera to use it in your next recording.',
  };
}

/** "Camera only" without a camera: nothing to record. */
export function cameraOnlyError(error: unknown): RecorderError {
  const reason = cameraError(error);
  return { ...reason, message: reason.message.replace(` ${GOES_ON}`, ''), hint: reason.hint };
}
