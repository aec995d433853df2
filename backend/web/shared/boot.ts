/** What a page's script starts from: the #app element and the data-* the server put on it. */
export interface PageUser {
  id: string;
  name: string;
  role: 'admin' | 'member';
}

export function appRoot(): HTMLElement {
  const root = document.getElementById('app');
  if (!root) throw new Error('#app is missing');
  root.replaceChildren(); // drops the <noscript> notice
  return root;
}

export function pageUser(root: HTMLElement): PageUser {
  const { userId, userName, userRole } = root.dataset;
  return { id: userId ?? '', name: userName ?? '', role: userRole === 'admin' ? 'admin' : 'member' };
}
