/**
 * One page for the three overlay frames the host script puts into the recorded page; the URL's
 * hash says which (`#part=bar&token=…`). A frame whose token is not the current recording's (a
 * site that embedded it by itself) renders nothing and does nothing.
 */
import { render } from 'preact';
import './overlay.css';
import { parseFrameHash } from '../shared/overlay-frames';
import { Bubble } from './Bubble';
import { ControlBar } from './ControlBar';
import { Countdown } from './Countdown';
import { hostLink, tokenIsCurrent } from './frame-port';

const frame = parseFrameHash(location.hash);
const app = document.getElementById('app')!;

if (frame) {
  const host = hostLink();
  void tokenIsCurrent(frame.token).then((ok) => {
    if (!ok) return;
    document.documentElement.dataset.part = frame.part;
    if (frame.part === 'countdown') render(<Countdown host={host} />, app);
    else if (frame.part === 'bubble') render(<Bubble host={host} />, app);
    else render(<ControlBar host={host} camera={frame.camera} />, app);
  });
}
