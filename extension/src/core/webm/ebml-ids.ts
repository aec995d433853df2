/**
 * Matroska/WebM element IDs used by the stream fixer, with their marker bits (as written on disk),
 * and the nesting level that tells where an unknown-size element ends.
 */
export const ID = {
  EBML: 0x1a45dfa3,
  Void: 0xec,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  DefaultDuration: 0x23e383,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
  ReferenceBlock: 0xfb,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Tags: 0x1254c367,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
} as const;

export const TRACK_TYPE_VIDEO = 1;

/** Default TimecodeScale (ns per tick) when Info does not say. */
export const DEFAULT_TIMECODE_SCALE = 1_000_000;

// Level 0: EBML header and Segment; 1: Segment children; 2: Cluster children; 3: BlockGroup children.
const LEVEL = new Map<number, number>([
  [ID.EBML, 0],
  [ID.Segment, 0],
  ...[ID.SeekHead, ID.Info, ID.Tracks, ID.Cluster, ID.Cues, ID.Tags, ID.Chapters, ID.Attachments].map(
    (id) => [id, 1] as [number, number],
  ),
  // Timecode, SilentTracks, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock
  ...[ID.Timecode, 0x5854, 0xa7, 0xab, ID.SimpleBlock, ID.BlockGroup, 0xaf].map((id) => [id, 2] as [number, number]),
  // Block, BlockVirtual, BlockAdditions, BlockDuration, ReferencePriority, ReferenceBlock,
  // ReferenceVirtual, CodecState, DiscardPadding, Slices
  ...[ID.Block, 0xa2, 0x75a1, ID.BlockDuration, 0xfa, ID.ReferenceBlock, 0xfd, 0xa4, 0x75a2, 0x8e].map(
    (id) => [id, 3] as [number, number],
  ),
]);

/**
 * Nesting level of a known element, or undefined (global elements such as Void, and anything we do not
 * list). An unknown-size element of level L ends where an element of known level <= L starts
 * (RFC 8794 §6.2); undefined-level elements never end it.
 */
export function levelOf(id: number): number | undefined {
  return LEVEL.get(id);
}

export function idName(id: number): string {
  for (const [name, value] of Object.entries(ID)) if (value === id) return name;
  return `0x${id.toString(16)}`;
}
