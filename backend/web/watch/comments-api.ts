/**
 * The comments' and reactions' calls (api/viewers.ts) and their failures in plain words. The list
 * lives in the page's store, so the timeline's markers follow every change.
 */
import type { CommentsResponse, PostCommentRequest, ViewerComment } from '../../../api';
import { ApiFailure, apiCall, plainWords } from '../shared/api';
import type { Store, WatchState } from './store';
import { apiPath } from './watch-data';

const byTime = (a: ViewerComment, b: ViewerComment) => a.atMs - b.atMs || a.createdAt.localeCompare(b.createdAt);

export async function loadComments(id: string, store: Store<WatchState>): Promise<void> {
  const res = await apiCall<CommentsResponse>('GET', apiPath(id, '/comments'));
  store.set({ comments: [...res.comments].sort(byTime) });
}

export async function postComment(id: string, store: Store<WatchState>, req: PostCommentRequest): Promise<ViewerComment> {
  const comment = await apiCall<ViewerComment>('POST', apiPath(id, '/comments'), req);
  store.set({ comments: [...store.get().comments.filter((c) => c.id !== comment.id), comment].sort(byTime) });
  return comment;
}

export async function deleteComment(id: string, store: Store<WatchState>, commentId: string): Promise<void> {
  await apiCall('DELETE', apiPath(id, `/comments/${encodeURIComponent(commentId)}`));
  store.set({ comments: store.get().comments.filter((c) => c.id !== commentId) });
}

/** What went wrong with a comment, and what to do. */
export function commentWords(err: unknown): string {
  if (err instanceof ApiFailure && err.status === 429) return 'You’re commenting too fast — wait a minute and try again.';
  return plainWords(err);
}
