/**
 * A virtual X display (Xvfb) and real key presses on it (xdotool), for what only a headed browser
 * does: Chrome delivers extension keyboard shortcuts (manifest `commands`) from its own
 * accelerator handling, which Playwright's page-level keyboard never reaches, while an X key event
 * on the browser window does (see /work/shared/notes/testing-in-chromium.md). Needs the Debian
 * packages xvfb and xdotool (scripts/install-system-deps.sh).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface VirtualDisplay {
  /** e.g. ":93" */
  display: string;
  close(): Promise<void>;
}

/** Starts Xvfb on the first free display number from 90 on. */
export async function startXvfb(): Promise<VirtualDisplay> {
  for (let n = 90; n < 140; n++) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const child: ChildProcess = spawn('Xvfb', [`:${n}`, '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 50 && child.exitCode === null; i++) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) {
        return {
          display: `:${n}`,
          close: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited; // taken meanwhile or failed: try the next number
  }
  throw new Error('Xvfb: no free display between :90 and :139');
}

/**
 * Presses `keys` (xdotool syntax, e.g. "alt+shift+g") on the browser window whose title contains
 * `windowTitle` (Chromium titles a window after its active tab), after giving that window focus.
 */
export async function pressKeys(display: string, windowTitle: string, keys: string): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  const { stdout } = await run('xdotool', ['search', '--sync', '--onlyvisible', '--name', windowTitle], { env, timeout: 15_000 });
  const window = stdout.trim().split('\n').filter(Boolean).pop();
  if (!window) throw new Error(`no window titled "${windowTitle}" on ${display}`);
  await run('xdotool', ['windowfocus', '--sync', window], { env, timeout: 15_000 });
  await run('xdotool', ['key', '--clearmodifiers', keys], { env, timeout: 15_000 });
}
