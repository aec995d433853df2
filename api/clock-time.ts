/**
 * How a length is written everywhere: the share page the server renders, the player and library in
 * the browser, the popup's timer. One definition, so "0:07" on the page and in the player agree.
 */

/**
 * 0:07, 12:34, 1:02:03. A length is rounded to the nearest second; a running timer passes
 * `down`, so it shows 0:01 only once a whole second has passed.
 */
export function clockTime(ms: number, rounding: 'nearest' | 'down' = 'nearest'): string {
  const seconds = ms / 1000;
  const total = Math.max(0, rounding === 'down' ? Math.floor(seconds) : Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
