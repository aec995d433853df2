/**
 * The project's module boundaries, one rule per folder, checked over real files by
 * test/boundaries.test.ts. Paths are repository-relative with forward slashes.
 *
 * A rule names the files it governs and what they may not reach: other folders (resolved
 * relative imports), npm packages, or browser globals used as values.
 */
import { posix } from 'node:path';
import type { SourceFacts } from './scan';

export interface Violation {
  file: string;
  rule: string;
  detail: string;
}

interface Rule {
  name: string;
  /** Files the rule governs. */
  applies: (file: string) => boolean;
  /** A resolved repository path or a bare package name the file may not import; returns why, or undefined. */
  forbidsImport?: (target: string, file: string, typeOnly: boolean) => string | undefined;
  /** Browser globals the files may not use as values. */
  forbiddenGlobals?: readonly string[];
}

const under = (...dirs: string[]) => (path: string) => dirs.some((d) => path.startsWith(d.endsWith('/') ? d : `${d}/`));
/** Resolved relative imports are repository paths (containing a '/'' and a known top folder); the rest are packages. */
const isPackage = (target: string) => !/^(api|extension|backend|embedded-s3|bench|e2e|test|scripts)(\/|$)/.test(target) && !target.startsWith('.');
const packageName = (target: string) => (target.startsWith('@') ? target.split('/').slice(0, 2).join('/') : target.split('/')[0]!);

/** The extension's execution contexts: each may use shared code, never another context's files. */
// (content/ is not listed: the service worker imports the host script's built file NAME, `?script&iife`.)
const CONTEXTS = ['popup', 'background', 'offscreen', 'options', 'permissions', 'overlay'].map((c) => `extension/src/${c}`);
const contextOf = (path: string) => CONTEXTS.find((c) => path.startsWith(`${c}/`));

/** Test and measurement code: product code never imports it. */
const INSTRUMENTATION = under('bench', 'e2e', 'test', 'extension/test', 'backend/test', 'backend/contract', 'embedded-s3/test', 'scripts');

const PRODUCT = under('api', 'extension/src', 'backend/src', 'backend/web', 'embedded-s3');

export const RULES: readonly Rule[] = [
  {
    name: 'core is pure: no browser APIs, no I/O, nothing outside core but the API contract (and shared types)',
    applies: under('extension/src/core'),
    forbidsImport: (t, _f, typeOnly) => {
      if (isPackage(t)) return ['zod'].includes(packageName(t)) ? undefined : `package ${packageName(t)} in core`;
      if (under('extension/src/core', 'api')(t)) return undefined;
      if (typeOnly && under('extension/src/shared')(t)) return undefined;
      return `${t} is outside core`;
    },
    forbiddenGlobals: ['chrome', 'browser', 'indexedDB', 'IDBKeyRange', 'fetch', 'XMLHttpRequest', 'WebSocket', 'document', 'window', 'navigator', 'localStorage', 'sessionStorage', 'MediaRecorder', 'caches'],
  },
  {
    name: 'contexts do not reach into each other: the popup reaches a recording only through messages',
    applies: (f) => contextOf(f) !== undefined,
    forbidsImport: (t, f) => {
      const target = contextOf(t);
      return target && target !== contextOf(f) ? `${f.split('/')[2]} imports ${t}` : undefined;
    },
  },
  {
    name: 'shared extension code belongs to no context',
    applies: under('extension/src/shared', 'extension/src/ui', 'extension/src/core'),
    forbidsImport: (t) => (contextOf(t) ? `${t} belongs to a context` : undefined),
  },
  {
    name: 'only the recorder (offscreen) opens IndexedDB',
    applies: (f) => f.startsWith('extension/src/') && !f.startsWith('extension/src/offscreen/'),
    forbidsImport: (t) => (isPackage(t) && packageName(t) === 'idb' ? 'idb outside the offscreen document' : undefined),
    forbiddenGlobals: ['indexedDB'],
  },
  {
    name: 'the API contract stands alone',
    applies: under('api'),
    forbidsImport: (t) => (isPackage(t) ? (packageName(t) === 'zod' ? undefined : `package ${t}`) : under('api')(t) ? undefined : `${t} is outside api/`),
  },
  {
    name: 'the extension and the backend meet only in the API contract',
    applies: under('extension/src', 'backend/src', 'embedded-s3'),
    forbidsImport: (t, f) => {
      const side = f.startsWith('extension/') ? 'extension' : 'server';
      if (side === 'extension' && under('backend', 'embedded-s3')(t)) return `extension imports ${t}`;
      if (side === 'server' && under('extension')(t)) return `server code imports ${t}`;
      return undefined;
    },
  },
  {
    name: 'the embedded store is used through its entry point only, and knows nothing of the backend',
    applies: under('backend/src', 'embedded-s3'),
    forbidsImport: (t, f) => {
      if (f.startsWith('backend/') && under('embedded-s3')(t) && t !== 'embedded-s3/index.ts') return `${t} is inside the embedded store`;
      if (f.startsWith('embedded-s3/') && under('backend')(t)) return `the embedded store imports ${t}`;
      return undefined;
    },
  },
  {
    name: 'the backend talks to S3 only in its store adapter (s3/ and recordings/store)',
    applies: (f) => f.startsWith('backend/src/') && !f.startsWith('backend/src/s3/') && !/^backend\/src\/recordings\/store[^/]*\.ts$/.test(f),
    forbidsImport: (t) => (isPackage(t) && t.startsWith('@aws-sdk/') ? `${t} outside the store adapter` : undefined),
  },
  {
    name: 's3/ is the low-level adapter: it does not import the recordings domain',
    applies: under('backend/src/s3'),
    forbidsImport: (t) => (under('backend/src/recordings', 'backend/src/routes', 'backend/src/share')(t) ? `${t} is above s3/` : undefined),
  },
  {
    // The library's "Upload a video" runs the extension's upload queue and retry rule (one upload engine, not a copy).
    // Its plain Preact building blocks too (no extension API in them): one confirm button, one copy.
    name: 'the server pages (backend/web) are browser code: the backend only through the API contract, the extension only through its pure core and plain UI parts',
    applies: under('backend/web'),
    forbidsImport: (t) => {
      if (under('backend/src', 'embedded-s3')(t)) return `${t} is server code`;
      const plainUi = /^extension\/src\/ui\/(ConfirmButton\.tsx|copy-text\.ts)$/.test(t);
      if (under('extension')(t) && !under('extension/src/core')(t) && !plainUi) return `${t} is extension code outside its pure core`;
      return undefined;
    },
  },
  {
    name: 'product code never imports tests, benchmarks or scripts',
    applies: PRODUCT,
    forbidsImport: (t) => (INSTRUMENTATION(t) ? `${t} is instrumentation` : undefined),
  },
];

/** Resolves a relative specifier against the importing file (extension-less, like the bundler). */
export function resolveSpecifier(file: string, specifier: string, exists: (path: string) => boolean): string {
  if (!specifier.startsWith('.')) return specifier; // a package
  const base = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\?.*$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (exists(candidate)) return candidate;
  }
  return base;
}

export function checkFile(file: string, facts: SourceFacts, exists: (path: string) => boolean): Violation[] {
  const out: Violation[] = [];
  for (const rule of RULES) {
    if (!rule.applies(file)) continue;
    for (const specifier of facts.imports) {
      const detail = rule.forbidsImport?.(resolveSpecifier(file, specifier, exists), file, facts.typeOnly.has(specifier));
      if (detail) out.push({ file, rule: rule.name, detail });
    }
    for (const name of rule.forbiddenGlobals ?? []) {
      if (facts.globals.has(name)) out.push({ file, rule: rule.name, detail: `uses ${name}` });
    }
  }
  return out;
}
