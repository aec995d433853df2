/**
 * Below the player: reactions (one button per emoji, "React 👍"), a comment box labelled with the
 * moment it will be pinned to ("Add a comment at 0:05"), and the list of comments and reactions by
 * time: the time seeks there, the author and the text are text (never HTML), and who manages the
 * recording gets "Delete" on each. A viewer who is not signed in gives a name once (remembered);
 * a signed-in member comments under their own.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostCommentRequest, WatchPageData } from '../../../api';
import { MAX_AUTHOR_LENGTH, MAX_COMMENT_LENGTH, REACTION_EMOJIS, type ReactionEmoji } from '../../../api/viewer-limits';
import { commentWords, deleteComment, loadComments, postComment } from './comments-api';
import type { Playback } from './playback';
import { useStore, type Store, type WatchState } from './store';
import { clock } from './time';
import { useVideo } from './useVideo';
import { saveName, savedName } from './viewer-name';

type Say = (message: string, tone?: 'error' | 'ok') => void;

function CommentList(props: { data: WatchPageData; playback: Playback; store: Store<WatchState>; say: Say }): JSX.Element {
  const { comments } = useStore(props.store);
  const start = props.playback.span().startMs;
  if (!comments.length) return <p class="quiet">No comments yet.</p>;
  return (
    <ol class="comment-list" aria-label="Comments and reactions">
      {comments.map((c) => {
        const at = clock(c.atMs - start);
        return (
          <li key={c.id}>
            <button type="button" class="at" aria-label={`Go to ${at}`} onClick={() => props.playback.seek(c.atMs)}>
              {at}
            </button>
            <span class="who">{c.author}</span>
            {c.emoji ? <span class="emoji" role="img" aria-label={`reacted ${c.emoji}`}>{c.emoji}</span> : <span class="text">{c.text}</span>}
            {props.data.viewer.canManage ? (
              <button
                type="button"
                class="link danger"
                aria-label={`Delete ${c.emoji ? 'reaction' : 'comment'} by ${c.author} at ${at}`}
                onClick={() =>
                  deleteComment(props.data.id, props.store, c.id).then(
                    () => props.say(`Deleted the ${c.emoji ? 'reaction' : 'comment'} by ${c.author}.`, 'ok'),
                    (err) => props.say(`Could not delete it. ${commentWords(err)}`, 'error'),
                  )
                }
              >
                Delete
              </button>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function Comments(props: { data: WatchPageData; playback: Playback; store: Store<WatchState> }): JSX.Element {
  const { data, playback, store } = props;
  const v = useVideo(playback.video);
  const signedIn = data.viewer.signedIn;
  const [name, setName] = useState(() => (signedIn ? '' : savedName()));
  const [askName, setAskName] = useState(() => !signedIn && !savedName());
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'error' | 'ok' }>({ message: '', tone: 'ok' });
  const nameField = useRef<HTMLInputElement>(null);
  const say: Say = (message, tone = 'ok') => setStatus({ message, tone });
  const at = clock(v.currentMs - playback.span().startMs);

  useEffect(() => {
    loadComments(data.id, store).catch((err) => say(`Comments could not be loaded. ${commentWords(err)}`, 'error'));
  }, [data.id, store]);

  /** The author to send, or undefined (and the name field in view) when a name is still needed. */
  function author(): string | undefined | false {
    if (signedIn) return undefined;
    const n = name.trim();
    if (!n) {
      setAskName(true);
      say('Tell us your name first (it is asked once), then try again.', 'error');
      setTimeout(() => nameField.current?.focus(), 0);
      return false;
    }
    saveName(n);
    return n;
  }

  async function send(req: Omit<PostCommentRequest, 'atMs' | 'author'>, done: string): Promise<boolean> {
    const who = author();
    if (who === false) return false;
    setBusy(true);
    try {
      await postComment(data.id, store, { ...req, atMs: Math.max(0, Math.round(playback.nowMs())), ...(who ? { author: who } : {}) });
      if (!signedIn) setAskName(false);
      say(done, 'ok');
      return true;
    } catch (err) {
      say(commentWords(err), 'error');
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    const t = text.trim();
    if (!t) return say('Write something first.', 'error');
    if (await send({ text: t }, `Comment added at ${at}.`)) setText('');
  }

  const react = (emoji: ReactionEmoji) => void send({ emoji }, `Reacted ${emoji} at ${at}.`);

  return (
    <section class="social" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <div class="reactions" role="group" aria-label="Reactions">
        {REACTION_EMOJIS.map((emoji) => (
          <button key={emoji} type="button" class="reaction" aria-label={`React ${emoji}`} disabled={busy} onClick={() => react(emoji)}>
            {emoji}
          </button>
        ))}
      </div>
      <form class="comment-form" onSubmit={submit}>
        {askName ? (
          <div class="field">
            <label for="comment-name">Your name</label>
            <input id="comment-name" ref={nameField} autocomplete="name" maxLength={MAX_AUTHOR_LENGTH} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
        ) : !signedIn ? (
          <p class="quiet">
            Commenting as <strong>{name}</strong>{' '}
            <button type="button" class="link" onClick={() => setAskName(true)}>
              Change name
            </button>
          </p>
        ) : null}
        <div class="field">
          <label for="comment-text">Add a comment at {at}</label>
          <textarea id="comment-text" rows={2} maxLength={MAX_COMMENT_LENGTH} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button" disabled={busy}>
          Comment
        </button>
      </form>
      <p class={`say ${status.tone}`} role="status">
        {status.message}
      </p>
      <CommentList data={data} playback={playback} store={store} say={say} />
    </section>
  );
}
