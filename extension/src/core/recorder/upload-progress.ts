/** The upload progress of a recording that has uploaded nothing yet (the popup's starting point). */
import type { UploadProgress } from '../../shared/recorder-status';

export function emptyUploadProgress(): UploadProgress {
  return {
    partsUploaded: 0,
    partsQueued: 0,
    bytesRecorded: 0,
    bytesUploaded: 0,
    backlogBytes: 0,
    offline: false,
    waitingForServer: false,
  };
}
