import type { JSX } from 'preact';

/** Logo + name, top of every extension page. */
export function Brand({ children }: { children?: JSX.Element | JSX.Element[] | false | null }): JSX.Element {
  return (
    <header class="row spread">
      <div class="brand">
        <img src="/icons/icon-32.png" alt="" />
        <h1>Reelay</h1>
      </div>
      {children}
    </header>
  );
}
