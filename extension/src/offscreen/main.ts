/**
 * The offscreen document (created with reasons USER_MEDIA + DISPLAY_MEDIA + CLIPBOARD):
 * owns the recording. Only runtime messaging is available here, so server settings arrive in the
 * messages and everything durable lives in IndexedDB ("reelay"). The message listener is
 * registered synchronously so a message sent right after creation is not missed.
 */
import { message, type BackgroundMessage } from '../shared/messages';
import { broadcast, listen } from '../shared/messaging';
import { RecorderController } from './recorder-controller';
import { openIdbSpool } from './spool/idb-spool';
import { StatusPublisher } from './status-publisher';
import { copyText } from '../ui/copy-text';
import { cameraFeed } from './camera-feed';
import { cameraHandlers } from './camera-preview';

const publisher = new StatusPublisher({
  status: (status) => void broadcast(message('popup', 'status-changed', { status })),
  badge: (badge) => void broadcast(message('background', 'badge', badge)),
});

const controller = new RecorderController({
  spool: openIdbSpool(),
  publisher,
  notify: (msg: BackgroundMessage) => void broadcast(msg),
  // At Stop the share link goes to the clipboard (this document is never focused: copyText falls back to execCommand).
  linkAtStop: { copy: copyText },
});

listen('offscreen', controller.handlers);
// The camera bubble's feed: its live view for the in-page bubble, and its state for the control bar.
listen('camera', cameraHandlers);
cameraFeed.onChange((camera) => void broadcast(message('overlay', 'camera-changed', { camera })));

// A previous document may have died mid-recording or mid-upload: finish what can be finished
// without an API token now (the service worker's `recover` brings the token for the rest).
void controller.recover().catch((error: unknown) => console.warn('Reelay recovery on start failed:', error));
