/**
 * What the share page (and the embed page) hand to their player bundle (backend/web/watch/) in a
 * JSON island, `<script type="application/json" id="watch-data">`: rendered by
 * backend/src/share/page.ts from the recording and its WatchContext, read by the bundle. One shape
 * for both sides, so they cannot drift apart.
 */
import type { LinkPrivacy, Trim } from './sharing';

export const WATCH_DATA_ID = 'watch-data';

export interface WatchPageData {
  id: string;
  title: string;
  /** Of the original file (the trim is applied by the player). */
  durationMs: number;
  trim: Trim | null;
  /** Only for a viewer who can manage the recording. */
  privacy?: LinkPrivacy | undefined;
  downloads: boolean;
  viewer: { signedIn: boolean; name?: string | undefined; canManage: boolean };
  /** The minimal /embed/:id player: no comments box, no owner tools. */
  embed: boolean;
  urls: {
    page: string;
    /** `<PUBLIC_URL>/embed/<id>`, for the "Embed" snippet. */
    embed: string;
  };
}
