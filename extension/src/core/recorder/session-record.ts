/** The local record a new recording session starts with. Pure. */
import type { NewRecording } from '../chunk-spool';
import type { RecordingSource } from '../../shared/recorder-status';

export function newSessionRecord(init: {
  localId: string;
  serverUrl: string;
  mimeType: string;
  title: string;
  source: RecordingSource;
  bitrate: number;
  factory: { name: string };
}): NewRecording {
  return {
    localId: init.localId,
    serverUrl: init.serverUrl,
    mimeType: init.mimeType,
    title: init.title,
    source: init.source,
    status: 'recording',
    videoBitsPerSecond: init.bitrate,
    transform: { name: init.factory.name, state: null },
  };
}
