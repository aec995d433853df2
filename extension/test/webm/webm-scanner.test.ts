import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID } from '../../src/core/webm/ebml-ids';
import { readVint } from '../../src/core/webm/ebml-vint';
import { WebmScanner, type BlockEvent, type ScanHandler } from '../../src/core/webm/webm-scanner';
import { AUDIO, blockGroup, cluster, simpleBlock, typicalClusters, VIDEO, webm } from './synthetic-webm';

type Event = ['cluster', number, boolean] | ['timecode', number] | ['block', BlockEvent];

function recorder(): { events: Event[]; handler: ScanHandler } {
  const events: Event[] = [];
  return {
    events,
    handler: {
      cluster: (start, unknownSize) => events.push(['cluster', start, unknownSize]),
      clusterTimecode: (value) => events.push(['timecode', value]),
      block: (block) => events.push(['block', block]),
    },
  };
}

function scanInPieces(bytes: Uint8Array, cuts: number[]): { events: Event[]; scanner: WebmScanner } {
  const { events, handler } = recorder();
  let scanner = new WebmScanner();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.feed(bytes.subarray(from, cut), handler);
    scanner = new WebmScanner(JSON.parse(JSON.stringify(scanner.state()))); // state survives JSON
    from = cut;
  }
  return { events, scanner };
}

describe('WebmScanner', () => {
  for (const unknownSize of [true, false]) {
    it(`reports clusters, timecodes and blocks of ${unknownSize ? 'unknown' : 'known'}-size clusters`, () => {
      const clusters = typicalClusters(unknownSize);
      const bytes = webm(clusters);
      const firstCluster = bytes.length - clusters.reduce((n, c) => n + c.length, 0);
      const { events, scanner } = scanInPieces(bytes, []);
      expect(scanner.failure).toBeNull();
      const key = (track: number, relTime: number, keyframe: boolean, duration: number | null = null): Event => [
        'block',
        { track, relTime, keyframe, duration },
      ];
      expect(events).toEqual([
        ['cluster', firstCluster, unknownSize],
        ['timecode', 0],
        key(VIDEO, 0, true),
        key(AUDIO, 0, true),
        key(VIDEO, 33, false),
        key(AUDIO, 20, true),
        ['cluster', firstCluster + clusters[0]!.length, unknownSize],
        ['timecode', 1000],
        key(AUDIO, 0, true),
        key(VIDEO, 10, false),
        key(AUDIO, 20, true),
        ['cluster', firstCluster + clusters[0]!.length + clusters[1]!.length, unknownSize],
        ['timecode', 2000],
        key(AUDIO, 0, true),
        key(VIDEO, 5, true, 40), // BlockGroup without ReferenceBlock: a keyframe
        key(VIDEO, 45, false, 40),
      ]);
    });
  }

  it('gives the same events however the bytes are cut into chunks (held bytes survive JSON)', () => {
    const bytes = webm(typicalClusters(true));
    const whole = scanInPieces(bytes, []).events;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
        expect(scanInPieces(bytes, cuts.sort((a, b) => a - b)).events).toEqual(whole);
      }),
      { numRuns: 150 },
    );
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, k) => k + 1);
    expect(scanInPieces(bytes, everyByte).events).toEqual(whole);
  });

  it("reports each Cluster child's span as it is taken in, and each Cluster's end, however the bytes are cut", () => {
    for (const unknownSize of [true, false]) {
      const clusters = typicalClusters(unknownSize);
      const bytes = webm(clusters);
      const spans = (cuts: number[]) => {
        const events: (string | number)[][] = [];
        let scanner = new WebmScanner();
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          scanner.feed(bytes.subarray(from, cut), {
            cluster: (start, _unknown, headerLength) => events.push(['cluster', start, headerLength]),
            clusterTimecode: () => undefined,
            block: () => undefined,
            clusterChild: (id, start, end) => events.push([id, start, end]),
            clusterEnd: () => events.push(['end']),
          });
          scanner = new WebmScanner(JSON.parse(JSON.stringify(scanner.state())));
          from = cut;
        }
        return events;
      };
      const whole = spans([]);
      // Children tile each Cluster exactly: each starts where the previous ended.
      const firstCluster = bytes.length - clusters.reduce((n, c) => n + c.length, 0);
      expect(whole[0]).toEqual(['cluster', firstCluster, unknownSize ? 12 : 4 + readVint(bytes, firstCluster + 4)!.length]);
      let at = -1;
      for (const e of whole) {
        if (e[0] === 'cluster') at = (e[1] as number) + (e[2] as number);
        else if (e[0] !== 'end') {
          expect(e[1]).toBe(at);
          at = e[2] as number;
        }
      }
      expect(whole.filter((e) => e[0] === ID.Timecode)).toHaveLength(3);
      expect(whole.filter((e) => e[0] === ID.BlockGroup)).toHaveLength(2);
      // Ends: known-size Clusters as their data ends (all three); unknown-size ones when the next begins.
      expect(whole.filter((e) => e[0] === 'end')).toHaveLength(unknownSize ? 2 : 3);
      const everyByte = Array.from({ length: bytes.length - 1 }, (_, k) => k + 1);
      expect(spans(everyByte)).toEqual(whole);
    }
  });

  it('reads negative relative timecodes (signed 16-bit)', () => {
    const { events } = scanInPieces(webm([cluster(5000, [simpleBlock(VIDEO, -120, true)], true)]), []);
    expect(events).toContainEqual(['block', { track: VIDEO, relTime: -120, keyframe: true, duration: null }]);
  });

  it('ends an unknown-size cluster where the next top-level element starts', () => {
    const tags = Uint8Array.of(0x12, 0x54, 0xc3, 0x67, 0x80); // empty Tags after the clusters
    const bytes = webm([cluster(0, [simpleBlock(VIDEO, 0, true)], true)]);
    const { events, scanner } = scanInPieces(new Uint8Array([...bytes, ...tags, ...cluster(1, [blockGroup(AUDIO, 3)], true)]), []);
    expect(scanner.failure).toBeNull();
    expect(events.filter((e) => e[0] === 'cluster')).toHaveLength(2);
    // The BlockGroup ended with the data: it is closed and reported at once; the Cluster stays open.
    expect(events.at(-1)).toEqual(['block', { track: AUDIO, relTime: 3, keyframe: true, duration: null }]);
    expect(scanner.state().stack.map(([id]) => id.toString(16))).toEqual(['18538067', '1f43b675']);
  });

  it('fails (never throws) on a stream that is not WebM', () => {
    const scanner = new WebmScanner();
    scanner.feed(new TextEncoder().encode('RIFF....WAVEfmt '), recorder().handler);
    expect(scanner.failure).toMatch(/not a WebM stream/);
  });

  it('fails on an unknown-size element that may not have one', () => {
    const badInfo = Uint8Array.of(0x15, 0x49, 0xa9, 0x66, 0xff);
    const scanner = new WebmScanner();
    scanner.feed(webm([], [badInfo]), recorder().handler);
    expect(scanner.failure).toMatch(/Info has an unknown size/);
  });

  it('fails on a child that overruns its known-size parent', () => {
    const c = cluster(0, [simpleBlock(VIDEO, 0, true)], false);
    c[4] = 0x80 | 4; // the cluster claims 4 bytes; its Timecode + block need more
    const scanner = new WebmScanner();
    scanner.feed(webm([c]), recorder().handler);
    expect(scanner.failure).toMatch(/overruns/);
  });
});
