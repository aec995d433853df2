/** The chunk slices that make up part n (test-side: the spool assembles ranges with sliceRange). */
import { PART_SIZE } from '../../../api';
import { partRange, sliceRange, type ChunkInfo, type ChunkSlice } from '../../src/core/part-cutter';

/**
 * `chunks` must be contiguous from offset 0 over the part's range (otherwise throws: a gap means
 * the part cannot be assembled). `totalBytes` clips the last part.
 */
export function partSlices(chunks: readonly ChunkInfo[], partNumber: number, totalBytes: number, partSize = PART_SIZE): ChunkSlice[] {
  return sliceRange(chunks, partRange(partNumber, totalBytes, partSize));
}
