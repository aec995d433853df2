/** The control bar's icons (decorative: every button carries its name in aria-label). */
import type { JSX } from 'preact';

const svg = (children: JSX.Element | JSX.Element[]) => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    {children}
  </svg>
);

export const PLAY = svg(<path d="M7 4.5v15l12-7.5z" fill="currentColor" />);
export const PAUSE = svg([<rect x="6" y="4.5" width="4" height="15" fill="currentColor" />, <rect x="14" y="4.5" width="4" height="15" fill="currentColor" />]);
export const SOUND = svg([<path d="M4 9v6h4l5 4V5L8 9z" />, <path d="M16.5 8.5a5 5 0 0 1 0 7" />]);
export const MUTED = svg([<path d="M4 9v6h4l5 4V5L8 9z" />, <path d="m17 9 5 6m0-6-5 6" />]);
export const PIP = svg([<rect x="3" y="5" width="18" height="14" rx="2" />, <rect x="12" y="12" width="7" height="5" fill="currentColor" />]);
export const FULL = svg(<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />);
