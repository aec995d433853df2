/**
 * Small hand-built WebM streams (structure only, no real frames) for unit tests that need exact,
 * known element layouts: known- and unknown-size Clusters, SimpleBlocks and BlockGroups.
 */
import { ID } from '../../src/core/webm/ebml-ids';
import { encodeId, UNKNOWN_SIZE_8 } from '../../src/core/webm/ebml-vint';
import { concatBytes, element, masterElement, uintElement } from '../../src/core/webm/ebml-writer';

export const VIDEO = 1;
export const AUDIO = 2;
/** DefaultDuration of the audio track: 20 ms. */
export const AUDIO_FRAME_NS = 20_000_000;

export function ebmlHeader(): Uint8Array {
  return masterElement(ID.EBML, [element(0x4282, new TextEncoder().encode('webm'))]);
}

export function info(): Uint8Array {
  return masterElement(ID.Info, [uintElement(ID.TimecodeScale, 1_000_000), element(0x4d80, new TextEncoder().encode('test'))]);
}

export function tracks(): Uint8Array {
  return masterElement(ID.Tracks, [
    masterElement(ID.TrackEntry, [uintElement(ID.TrackNumber, VIDEO), uintElement(ID.TrackType, 1)]),
    masterElement(ID.TrackEntry, [
      uintElement(ID.TrackNumber, AUDIO),
      uintElement(ID.TrackType, 2),
      uintElement(ID.DefaultDuration, AUDIO_FRAME_NS),
    ]),
  ]);
}

function blockBody(track: number, relTime: number, flags: number, payload: number): Uint8Array {
  const body = new Uint8Array(4 + payload);
  body[0] = 0x80 | track;
  new DataView(body.buffer).setInt16(1, relTime, false);
  body[3] = flags;
  for (let k = 4; k < body.length; k++) body[k] = (k * 7) & 0xff;
  return body;
}

export function simpleBlock(track: number, relTime: number, keyframe: boolean, payload = 40): Uint8Array {
  return element(ID.SimpleBlock, blockBody(track, relTime, keyframe ? 0x80 : 0, payload));
}

export function blockGroup(track: number, relTime: number, opts: { reference?: boolean; duration?: number } = {}): Uint8Array {
  const children = [element(ID.Block, blockBody(track, relTime, 0, 30))];
  if (opts.duration !== undefined) children.push(uintElement(ID.BlockDuration, opts.duration));
  if (opts.reference) children.push(element(ID.ReferenceBlock, Uint8Array.of(0xdf)));
  return masterElement(ID.BlockGroup, children);
}

export function cluster(timecode: number, children: Uint8Array[], unknownSize: boolean): Uint8Array {
  const body = [uintElement(ID.Timecode, timecode), ...children];
  return unknownSize ? concatBytes([encodeId(ID.Cluster), UNKNOWN_SIZE_8, ...body]) : masterElement(ID.Cluster, body);
}

export function webm(clusters: Uint8Array[], headerElements: Uint8Array[] = [info(), tracks()]): Uint8Array {
  return concatBytes([ebmlHeader(), encodeId(ID.Segment), UNKNOWN_SIZE_8, ...headerElements, ...clusters]);
}

/** A typical stream: 3 clusters, video keyframes in clusters 1 and 3 only, audio every 20 ms. */
export function typicalClusters(unknownSize: boolean): Uint8Array[] {
  return [
    cluster(0, [simpleBlock(VIDEO, 0, true), simpleBlock(AUDIO, 0, true), simpleBlock(VIDEO, 33, false), simpleBlock(AUDIO, 20, true)], unknownSize),
    cluster(1000, [simpleBlock(AUDIO, 0, true), simpleBlock(VIDEO, 10, false), simpleBlock(AUDIO, 20, true)], unknownSize),
    cluster(2000, [simpleBlock(AUDIO, 0, true), blockGroup(VIDEO, 5, { duration: 40 }), blockGroup(VIDEO, 45, { reference: true, duration: 40 })], unknownSize),
  ];
}
