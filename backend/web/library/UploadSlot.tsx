/**
 * The "Upload a video" slot of My recordings. The control (backend/web/upload/, helper B's) is
 * loaded on its own (a dynamic import: a separate chunk), so its weight (file sniffing, the API
 * schemas) never delays the list; until it arrives the slot is empty.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type UploadVideoProps = { onUploaded(recording: { id: string; shareUrl: string }): void };

export function UploadSlot(props: UploadVideoProps): JSX.Element {
  const [Control, setControl] = useState<ComponentType<UploadVideoProps> | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('../upload/UploadVideo')
      .then((m) => live && setControl(() => m.UploadVideo))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div data-slot="upload-a-video">
      {Control ? <Control onUploaded={props.onUploaded} /> : null}
      {failed ? <p class="error">“Upload a video” could not be loaded. Reload the page to try again.</p> : null}
    </div>
  );
}
