/**
 * The bubble's live camera picture: a receive-only WebRTC connection to the camera feed in the
 * offscreen document (offscreen/camera-preview.ts), signalled through runtime messages. The
 * camera itself is never opened here: this frame lives in the recorded site, whose camera
 * permission Chrome would ask about.
 */
import { message, type CameraState } from '../shared/messages';
import { sendMessage } from '../shared/messaging';
import { iceGathered } from '../shared/ice-gathered';


export type CameraView = { ok: true; stream: MediaStream; close(): void } | { ok: false; camera: CameraState };

/** Connects to the camera feed; resolves with its stream once the first track arrives. */
export async function connectCameraView(): Promise<CameraView> {
  const peer = new RTCPeerConnection();
  peer.addTransceiver('video', { direction: 'recvonly' });
  const track = new Promise<MediaStream>((resolve) => {
    peer.addEventListener('track', (event) => resolve(event.streams[0] ?? new MediaStream([event.track])));
  });
  await peer.setLocalDescription(await peer.createOffer());
  await iceGathered(peer);
  const result = await sendMessage(message('camera', 'connect-camera', { offer: peer.localDescription?.sdp ?? '' }));
  if (!result.ok) {
    peer.close();
    return result;
  }
  await peer.setRemoteDescription({ type: 'answer', sdp: result.answer });
  return { ok: true, stream: await track, close: () => peer.close() };
}
