/**
 * The steps of one request, timed for its Server-Timing header (W3C Server Timing): the upload's
 * last requests (complete, part 1 from the head) say where their time went, so the uplink
 * benchmark can break Stop → playable down without a profiler. Names and milliseconds only.
 */
export class ServerTiming {
  private readonly steps: { name: string; ms: number; desc?: string }[] = [];

  /** Runs `work`, noting how long it took under `name` (also when it fails). */
  async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.steps.push({ name, ms: performance.now() - start });
    }
  }

  /** Adds a few words to the last step named `name` (its `desc`, e.g. how many store requests it took). */
  describe(name: string, desc: string): void {
    const step = this.steps.findLast((s) => s.name === name);
    if (step) step.desc = desc.replace(/["\\]/g, '');
  }

  /** `name;dur=1.2, name;dur=3;desc="…", …`, or undefined when nothing was timed. */
  header(): string | undefined {
    if (this.steps.length === 0) return undefined;
    return this.steps.map(({ name, ms, desc }) => `${name};dur=${ms.toFixed(1)}${desc ? `;desc="${desc}"` : ''}`).join(', ');
  }
}
