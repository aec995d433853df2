/** Pure logic of the sweeper's second pass: grouping a listing by recording, and what may go. */
import { describe, expect, it } from 'vitest';
import { newRecordingId } from '../src/recordings/ids';
import { classifyRecording, groupByRecording, withoutPendingMarker, type RecordingObjects } from '../src/recordings/leftovers';
import type { StoredObject } from '../src/recordings/store';

const CUTOFF = Date.parse('2030-01-02T00:00:00Z');
const OLD = new Date(CUTOFF - 1000);
const NEW = new Date(CUTOFF + 1000);

async function* listing(keys: string[]): AsyncGenerator<StoredObject> {
  for (const key of keys) yield { key, lastModified: OLD };
}

async function collect(groups: AsyncIterable<RecordingObjects>) {
  const out: Array<[string, string[]]> = [];
  for await (const g of groups) out.push([g.id, g.objects.map((o) => o.key)]);
  return out;
}

const recording = (id: string, objects: Array<[string, Date | undefined]>): RecordingObjects => ({
  id,
  objects: objects.map(([name, lastModified]) => ({ key: `recordings/${id}/${name}`, lastModified })),
});

describe('groupByRecording', () => {
  it('groups a key-ordered listing by recording id and skips keys outside recordings/<id>/', async () => {
    const [a, b] = [newRecordingId(), newRecordingId()].sort();
    const keys = [
      'recordings/README',
      `recordings/${a}/meta.json`,
      `recordings/${a}/thumbnail`,
      `recordings/${a}/video`,
      `recordings/${a!.slice(0, 21)}/video`, // 21 characters: not a recording id
      `recordings/${b}/upload.json`,
      'recordings/zz/x',
    ].sort();
    expect(await collect(groupByRecording(listing(keys)))).toEqual([
      [a, [`recordings/${a}/meta.json`, `recordings/${a}/thumbnail`, `recordings/${a}/video`]],
      [b, [`recordings/${b}/upload.json`]],
    ]);
  });

  it('yields nothing for an empty listing', async () => {
    expect(await collect(groupByRecording(listing([])))).toEqual([]);
  });
});

describe('classifyRecording', () => {
  const id = newRecordingId();

  it('keeps a finished recording, however old everything in it is', () => {
    const finished = recording(id, [['meta.json', OLD], ['thumbnail', OLD], ['video', OLD], ['upload.json', OLD]]);
    expect(classifyRecording(finished, CUTOFF)).toEqual({ kind: 'keep' });
  });

  it("a finished recording's old head (part 1 uploaded early) is spent; a recent one is kept, the rest never touched", () => {
    const finished = recording(id, [['head', OLD], ['meta.json', OLD], ['thumbnail', OLD], ['video', OLD]]);
    expect(classifyRecording(finished, CUTOFF)).toEqual({ kind: 'spent', keys: [`recordings/${id}/head`] });
    expect(classifyRecording(recording(id, [['head', NEW], ['meta.json', OLD], ['video', OLD]]), CUTOFF)).toEqual({ kind: 'keep' });
    // Pending: the head is in use (its upload decides, like any other object).
    expect(classifyRecording(recording(id, [['head', OLD], ['upload.json', NEW]]), CUTOFF)).toEqual({ kind: 'keep' });
  });

  it('an old upload.json is a candidate to check; a recent one is kept', () => {
    expect(classifyRecording(recording(id, [['thumbnail', OLD], ['upload.json', OLD]]), CUTOFF)).toEqual({ kind: 'stale-pending' });
    expect(classifyRecording(recording(id, [['thumbnail', OLD], ['upload.json', NEW]]), CUTOFF)).toEqual({ kind: 'keep' });
  });

  it('without upload.json and meta.json, the old objects are orphans and the recent ones wait', () => {
    expect(classifyRecording(recording(id, [['thumbnail', OLD], ['video', NEW]]), CUTOFF)).toEqual({
      kind: 'orphaned',
      keys: [`recordings/${id}/thumbnail`],
    });
    expect(classifyRecording(recording(id, [['thumbnail', NEW]]), CUTOFF)).toEqual({ kind: 'keep' });
  });

  it('an object without a date is never counted as old', () => {
    expect(classifyRecording(recording(id, [['thumbnail', undefined]]), CUTOFF)).toEqual({ kind: 'keep' });
    expect(classifyRecording(recording(id, [['upload.json', undefined]]), CUTOFF)).toEqual({ kind: 'keep' });
  });

  it('once a stale upload.json is removed, what remains is judged as orphaned', () => {
    const pending = recording(id, [['thumbnail', OLD], ['upload.json', OLD]]);
    expect(classifyRecording(withoutPendingMarker(pending), CUTOFF)).toEqual({
      kind: 'orphaned',
      keys: [`recordings/${id}/thumbnail`],
    });
  });
});
