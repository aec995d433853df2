/** The server recording an upload drives (its id and upload token), and how to create one. */
import type { RecordingLimits } from '../../../api';

export interface ServerLink {
  serverId: string;
  uploadToken: string;
  shareUrl?: string;
  /** What the server lets this recording grow to (told at create; not kept for recovery). */
  limits?: RecordingLimits;
}

export interface CreateParams {
  apiToken: string;
  title: string;
  mimeType: string;
}
