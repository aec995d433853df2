import { describe, expect, it } from 'vitest';
import { isBlobWriteError, isQuotaError, storageError } from '../../../src/core/recorder/recorder-errors';

// Chrome throws DOMExceptions; Node has the same class.
const domError = (message: string, name: string) => new DOMException(message, name);

describe('storage errors in words', () => {
  it("a full disk (Chrome's IndexedDB: DataError 'Failed to write blobs (IOError)') says the disk is probably full", () => {
    const error = domError('Failed to write blobs (IOError)', 'DataError');
    expect(isBlobWriteError(error)).toBe(true);
    expect(isBlobWriteError({ cause: error })).toBe(true);
    const words = storageError(error);
    expect(words.code).toBe('storage_failed');
    expect(words.message).toContain('probably full');
    expect(words.hint).toContain('uploaded');
  });

  it('a quota error keeps its own wording; other DataErrors and other errors are not a full disk', () => {
    expect(isQuotaError(domError('quota', 'QuotaExceededError'))).toBe(true);
    expect(storageError(domError('quota', 'QuotaExceededError')).message).toContain('ran out of space');
    expect(isBlobWriteError(domError('Data provided to an operation does not meet requirements.', 'DataError'))).toBe(false);
    expect(isBlobWriteError(new Error('Failed to write blobs'))).toBe(false);
    const other = storageError(domError('The transaction was aborted', 'AbortError'));
    expect(other.message).toContain('could not be saved on this computer: The transaction was aborted');
  });
});
