/**
 * The module boundaries (test/boundaries/rules.ts), checked over every production source, in the
 * spirit of Cap's enforced package boundaries. The second block proves the checker can fail: a
 * forbidden import or global, placed in a real file's text, is reported.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFile, type Violation } from './boundaries/rules';
import { scanSource } from './boundaries/scan';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCT_DIRS = ['api', 'extension/src', 'backend/src', 'backend/web', 'embedded-s3'];

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !f.split(sep).includes('node_modules') && !f.split(sep).includes('test'))
    .map((f) => relative(ROOT, join(abs, f)).split(sep).join('/'));
}

const exists = (path: string) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();
const check = (file: string, text: string): Violation[] => checkFile(file, scanSource(file, text), exists);
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('module boundaries', () => {
  const files = PRODUCT_DIRS.flatMap(sources);

  it('covers the product sources', () => {
    expect(files.some((f) => f.startsWith('extension/src/core/'))).toBe(true);
    expect(files.some((f) => f.startsWith('extension/src/popup/'))).toBe(true);
    expect(files.some((f) => f.startsWith('backend/src/'))).toBe(true);
    expect(files.some((f) => f.startsWith('api/'))).toBe(true);
  });

  it('no production source crosses a boundary', () => {
    const violations = files.flatMap((f) => check(f, read(f)));
    expect(violations.map((v) => `${v.file}: ${v.detail} (${v.rule})`)).toEqual([]);
  });
});

describe('the boundary checker fails on a forbidden import', () => {
  const coreFile = sources('extension/src/core').find((f) => f.endsWith('part-cutter.ts'))!;
  const popupFile = sources('extension/src/popup').find((f) => f.endsWith('.tsx'))!;

  it.each([
    ['core importing idb', coreFile, "import { openDB } from 'idb';\n", /idb/],
    ['core importing the offscreen document', coreFile, "import { x } from '../offscreen/main';\n", /offscreen/],
    ['core calling fetch', coreFile, "export const ping = () => fetch('/x');\n", /uses fetch/],
    ['core touching chrome.*', coreFile, 'export const id = () => chrome.runtime.id;\n', /uses chrome/],
    ['the popup importing the recorder', popupFile, "import { x } from '../offscreen/main';\n", /popup imports/],
    ['the popup opening IndexedDB', popupFile, 'export const db = () => indexedDB.open("x");\n', /indexedDB/],
  ])('%s', (_name, file, addition, expected) => {
    const text = addition + read(file);
    expect(check(file, read(file))).toEqual([]);
    const violations = check(file, text);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.map((v) => v.detail).join('\n')).toMatch(expected);
  });

  it('the backend importing the embedded store past its entry, and the API contract importing the backend', () => {
    const deep = check('backend/src/main.ts', "import { x } from '../../embedded-s3/src/server';\n").map((v) => v.detail);
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/^embedded-s3\/src\/server(\.ts)? is inside the embedded store$/);
    expect(check('backend/src/main.ts', "import { x } from '../../embedded-s3';\n")).toEqual([]);
    expect(check('api/index.ts', "import { x } from '../backend/src/app';\n").length).toBeGreaterThan(0);
    expect(check('backend/src/recordings/service.ts', "import { S3Client } from '@aws-sdk/client-s3';\n").length).toBe(1);
  });

  it('the server pages reaching server code or the extension outside its pure core (the upload reuses core only)', () => {
    const page = 'backend/web/upload/file-uploader.ts';
    expect(check(page, "import { UploadQueue } from '../../../extension/src/core/upload-queue';\n")).toEqual([]);
    expect(check(page, "import { x } from '../../../extension/src/offscreen/store-put';\n").map((v) => v.detail)).toEqual([
      expect.stringMatching(/extension code outside its pure core$/),
    ]);
    expect(check(page, "import { x } from '../../src/recordings/service';\n").map((v) => v.detail)).toEqual([expect.stringMatching(/is server code$/)]);
  });

  it('a property named like a global, a type, or a local is not a use of the global', () => {
    const text = 'interface P { fetch: typeof fetch }\nexport function f(p: P, window: number) { return p.fetch(String(window)); }\n';
    expect(scanSource('x.ts', text).globals.has('fetch')).toBe(false);
    expect(scanSource('x.ts', text).globals.has('window')).toBe(false);
  });
});
