/** getUserMedia constraints for the chosen camera and microphone (pure: testable without a browser). */

/**
 * The bubble is at most a third of the page's height (≈ 350 px at 1080p): 480x360 at 24 fps is
 * enough, and every pixel of it is captured, sent to the page over WebRTC and composited there.
 * "Camera only" is the whole picture: 720p at 30 fps.
 */
export function cameraConstraints(deviceId: string | undefined, use: 'bubble' | 'full-frame'): MediaTrackConstraints {
  const size =
    use === 'bubble'
      ? { width: { ideal: 480 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 24 } }
      : { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } };
  return { ...size, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
}

export function microphoneConstraints(deviceId: string | undefined): MediaTrackConstraints {
  return { echoCancellation: true, noiseSuppression: true, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
}
