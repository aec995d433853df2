/**
 * A card's view figures (GET /api/recordings/:id/stats, owner or admin), fetched only once the card
 * comes into view, so a page of cards does not fire a request each at once. Empty until known, and
 * on failure (the card just shows no figures: the share page has them too).
 */
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RecordingStats } from '../../../api';
import { apiCall } from '../shared/api';
import { statsLine } from '../watch/time';

export function useViewStats(id: string, enabled: boolean, target: RefObject<HTMLElement | null>): string {
  const [line, setLine] = useState('');
  useEffect(() => {
    const el = target.current;
    if (!enabled || !el) return;
    let cancelled = false;
    const load = () =>
      apiCall<RecordingStats>('GET', `/api/recordings/${encodeURIComponent(id)}/stats`).then(
        (s) => !cancelled && setLine(statsLine(s)),
        () => {},
      );
    if (typeof IntersectionObserver === 'undefined') {
      void load();
      return () => {
        cancelled = true;
      };
    }
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      void load();
    });
    seen.observe(el);
    return () => {
      cancelled = true;
      seen.disconnect();
    };
  }, [id, enabled, target]);
  return line;
}
