/**
 * The share link is known from the moment the server recording is created, so the user gets it at
 * Stop instead of when the upload completes: it is copied to the clipboard here in the offscreen
 * document (reason CLIPBOARD), shown in the popup (status 'finishing'), and the service worker
 * notifies "Link copied" when the popup is closed. If the upload then fails, the failure says what
 * that means for the link the user already has.
 */
import type { BackgroundMessage } from '../shared/messages';
import type { RecorderError } from '../shared/recorder-status';
import type { StatusPublisher } from './status-publisher';

export interface LinkAtStopPorts {
  /** Writes the clipboard; false when the browser refused. */
  copy(text: string): Promise<boolean>;
}

export interface LinkAtStopDeps {
  publisher: StatusPublisher;
  notify(message: BackgroundMessage): void;
  linkAtStop?: LinkAtStopPorts;
}

/**
 * At Stop: starts handing the link over (copy, then tell the popup and the service worker with the
 * copy's outcome). False when there is nothing to hand over (no server recording yet, or no
 * clipboard port): then the link comes when the upload completes.
 */
export function handOverLinkAtStop(deps: LinkAtStopDeps, shareUrl: string | undefined, title: string): boolean {
  const ports = deps.linkAtStop;
  if (!shareUrl || !ports) return false;
  void ports
    .copy(shareUrl)
    .catch((error: unknown) => {
      console.warn('Reelay: copying the link at Stop failed:', error);
      return false;
    })
    .then((copied) => {
      deps.publisher.dispatch({ type: 'link', shareUrl, copied });
      deps.notify({ target: 'background', type: 'link-at-stop', data: { shareUrl, title, copied } });
    });
  return true;
}

/** A failure after the link was handed over says whether that link will still play. */
export function failureWithLink(error: RecorderError, handedOver: boolean): RecorderError {
  if (!handedOver) return error;
  const note =
    error.code === 'server_unreachable'
      ? 'The link you already have starts playing once Reelay finishes the upload.'
      : 'The link you already have will not play this recording.';
  return { ...error, hint: error.hint ? `${error.hint} ${note}` : note };
}

/** One recording's link handover: at most once, and what a later failure means for that link. */
export class LinkHandover {
  private handedOver = false;

  constructor(private readonly deps: LinkAtStopDeps) {}

  /** Hands `shareUrl` over unless that happened already or there is none yet. */
  offer(shareUrl: string | undefined, title: string): void {
    if (!this.handedOver) this.handedOver = handOverLinkAtStop(this.deps, shareUrl, title);
  }

  explain(error: RecorderError): RecorderError {
    return failureWithLink(error, this.handedOver);
  }
}
