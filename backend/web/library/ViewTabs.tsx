/**
 * "My recordings" / "Team" as ARIA tabs: one tab stop, arrow keys (and Home/End) move between
 * them and select, as the tabs pattern expects.
 */
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { Scope } from './useLibrary';

export const VIEWS: Array<{ scope: Scope; label: string }> = [
  { scope: 'mine', label: 'My recordings' },
  { scope: 'team', label: 'Team' },
];

export const tabId = (scope: Scope) => `tab-${scope}`;
export const PANEL_ID = 'library-panel';

export function ViewTabs(props: { scope: Scope; onChange: (scope: Scope) => void }): JSX.Element {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(e: KeyboardEvent, index: number) {
    const last = VIEWS.length - 1;
    const to = e.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    props.onChange(VIEWS[to]!.scope);
    refs.current[to]?.focus();
  }

  return (
    <div class="tabs" role="tablist" aria-label="Whose recordings">
      {VIEWS.map((view, i) => {
        const selected = view.scope === props.scope;
        return (
          <button
            key={view.scope}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={tabId(view.scope)}
            class="tab"
            aria-selected={selected}
            aria-controls={PANEL_ID}
            tabIndex={selected ? 0 : -1}
            onClick={() => props.onChange(view.scope)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {view.label}
          </button>
        );
      })}
    </div>
  );
}
