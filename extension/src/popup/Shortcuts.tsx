/**
 * The keyboard shortcuts as Chrome has them now (the user may have changed them), and the way to
 * change them: chrome://extensions/shortcuts, which a link cannot open (tabs.create can).
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import browser from 'webextension-polyfill';
import { SHORTCUT_COMMANDS, type ShortcutCommand } from '../core/recorder/shortcut-action';

const LABELS: Record<ShortcutCommand, string> = {
  'toggle-recording': 'Start/stop',
  'toggle-pause': 'Pause',
  'cancel-recording': 'Cancel',
};

export const SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

export function Shortcuts(): JSX.Element | null {
  const [keys, setKeys] = useState<Partial<Record<ShortcutCommand, string>> | null>(null);

  useEffect(() => {
    void browser.commands.getAll().then((commands) => {
      const found: Partial<Record<ShortcutCommand, string>> = {};
      for (const c of commands) if (c.name && (SHORTCUT_COMMANDS as readonly string[]).includes(c.name)) found[c.name as ShortcutCommand] = c.shortcut ?? '';
      setKeys(found);
    });
  }, []);

  if (!keys) return null;
  return (
    <section class="shortcuts small" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading" class="visually-hidden">
        Keyboard shortcuts
      </h2>
      <ul class="shortcut-list">
        {SHORTCUT_COMMANDS.map((name) => (
          <li key={name}>
            {keys[name] ? <kbd>{keys[name]}</kbd> : <span class="muted">Not set</span>} <span class="muted">{LABELS[name]}</span>
          </li>
        ))}
      </ul>
      <button type="button" class="btn btn-link small" onClick={() => void browser.tabs.create({ url: SHORTCUTS_PAGE })}>
        Change shortcuts
      </button>
    </section>
  );
}
