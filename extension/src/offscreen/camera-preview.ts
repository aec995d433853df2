/**
 * The camera's live view for the in-page bubble: the bubble (an extension frame in the recorded
 * page) sends a receive-only WebRTC offer through runtime messaging; this document answers with
 * the camera track. Both ends are on this computer (host candidates), so the picture arrives in a
 * few milliseconds and nothing leaves the machine. Connections close with the camera.
 */
import type { CameraConnectResult, MessageHandlers } from '../shared/messages';
import { cameraFeed } from './camera-feed';
import { iceGathered } from '../shared/ice-gathered';

const peers = new Set<RTCPeerConnection>();

cameraFeed.onChange((state) => {
  if (state.state === 'live') return;
  for (const peer of peers) peer.close();
  peers.clear();
});

async function answer(offer: string): Promise<CameraConnectResult> {
  const track = cameraFeed.track;
  if (!track) return { ok: false, camera: cameraFeed.state };
  const peer = new RTCPeerConnection();
  peers.add(peer);
  peer.addEventListener('connectionstatechange', () => {
    if (peer.connectionState === 'failed' || peer.connectionState === 'closed') {
      peers.delete(peer);
      peer.close();
    }
  });
  await peer.setRemoteDescription({ type: 'offer', sdp: offer });
  peer.addTrack(track, new MediaStream([track]));
  await peer.setLocalDescription(await peer.createAnswer());
  await iceGathered(peer);
  return { ok: true, answer: peer.localDescription?.sdp ?? '' };
}

export const cameraHandlers: MessageHandlers<'camera'> = {
  'get-camera': () => cameraFeed.state,
  'connect-camera': ({ offer }) => answer(offer),
};
