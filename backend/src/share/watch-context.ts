/**
 * What the share page and the embed page know about who is watching and how the owner shared the
 * recording. routes/share.ts (and routes/embed.ts) build it after the privacy check has let the
 * viewer in; share/page.ts renders it into the page's JSON island for the player bundle.
 */
import type { LinkPrivacy, Trim } from '../../../api';

export interface WatchViewer {
  /** Signed in as a member of this server. */
  signedIn: boolean;
  /** The member's display name, when signed in (comments appear under it). */
  name?: string | undefined;
  /** The owner or an admin: sees stats, trim and privacy tools, may delete comments; views don't count. */
  canManage: boolean;
}

export interface WatchContext {
  id: string;
  trim: Trim | null;
  /** Present for a viewer who can manage the recording; others only learn `downloads`. */
  privacy?: LinkPrivacy | undefined;
  downloads: boolean;
  viewer: WatchViewer;
  /** The minimal /embed/:id player rather than the full share page. */
  embed: boolean;
}
