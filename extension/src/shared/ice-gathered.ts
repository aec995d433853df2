/**
 * Waits until a loopback RTCPeerConnection has gathered its ICE candidates (or 3 s have passed), so
 * one offer/answer message carries them all: the camera preview's two ends (the offscreen feed and
 * the bubble frame) signal over runtime messages, with no trickle ICE.
 */
const ICE_GATHERING_TIMEOUT_MS = 3000;

export function iceGathered(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ICE_GATHERING_TIMEOUT_MS);
    peer.addEventListener('icegatheringstatechange', () => {
      if (peer.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}
