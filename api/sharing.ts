/**
 * The owner's sharing settings of one recording (issue 14): a trim (played span, nothing
 * re-encoded) and the link's privacy. Sent in PATCH /api/recordings/:id by the owner or an admin;
 * read back in GET /api/recordings/:id/sharing. Shapes are a contract other tests rely on.
 */
import { z } from 'zod';

export const LINK_VISIBILITIES = ['public', 'team', 'password'] as const;
export type LinkVisibility = (typeof LINK_VISIBILITIES)[number];

export const MIN_LINK_PASSWORD_LENGTH = 4;
export const MAX_LINK_PASSWORD_LENGTH = 200;

/** `{ startMs, endMs }`: the player plays only this span of the original file. */
export const trimSchema = z
  .object({
    startMs: z.number({ error: 'trim.startMs must be a number' }).int('trim.startMs must be whole milliseconds').min(0, 'trim.startMs must not be negative'),
    endMs: z.number({ error: 'trim.endMs must be a number' }).int('trim.endMs must be whole milliseconds').min(1, 'trim.endMs must be positive'),
  })
  .strict()
  .refine((t) => t.endMs > t.startMs, { message: 'trim.endMs must be after trim.startMs' });
export type Trim = z.infer<typeof trimSchema>;

/** `{ visibility, password?, expiresAt?, downloads }`. A password is required when switching to 'password'
 *  unless one is already set; it is stored hashed and never read back. */
export const privacySchema = z
  .object({
    visibility: z.enum(LINK_VISIBILITIES, { error: `privacy.visibility must be one of ${LINK_VISIBILITIES.join(', ')}` }),
    password: z
      .string({ error: 'privacy.password must be a string' })
      .min(MIN_LINK_PASSWORD_LENGTH, `privacy.password must have at least ${MIN_LINK_PASSWORD_LENGTH} characters`)
      .max(MAX_LINK_PASSWORD_LENGTH, `privacy.password must have at most ${MAX_LINK_PASSWORD_LENGTH} characters`)
      .optional(),
    expiresAt: z.iso.datetime({ offset: true, error: 'privacy.expiresAt must be an ISO date-time or null' }).nullable().optional(),
    downloads: z.boolean({ error: 'privacy.downloads must be true or false' }),
  })
  .strict();
export type PrivacyRequest = z.input<typeof privacySchema>;

/** What the owner's tools read back: never the password, only whether one is set. */
export interface LinkPrivacy {
  visibility: LinkVisibility;
  expiresAt: string | null;
  downloads: boolean;
  hasPassword: boolean;
}

export const DEFAULT_LINK_PRIVACY: LinkPrivacy = { visibility: 'public', expiresAt: null, downloads: true, hasPassword: false };

/** GET /api/recordings/:id/sharing (owner or admin). */
export interface SharingSettings {
  trim: Trim | null;
  privacy: LinkPrivacy;
}

/** The form field of POST /v/:id/unlock (the password page's input labelled "Password"). */
export const UNLOCK_PASSWORD_FIELD = 'password';

/**
 * PATCH /api/recordings/:id answers its usual body (UpdateRecordingResponse); when the patch changed
 * the trim or the privacy it also carries the sharing settings as they are now.
 */
export interface SharingInPatchResponse {
  sharing?: SharingSettings;
}

/** GET /oembed?url=<share URL>&format=json (oEmbed 1.0, type "video"): public recordings only. */
export interface OEmbedVideo {
  version: '1.0';
  type: 'video';
  provider_name: 'Reelay';
  provider_url: string;
  title: string;
  /** `<iframe src="<PUBLIC_URL>/embed/<id>" …>`, sized width × height. */
  html: string;
  width: number;
  height: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
}
