/**
 * The browser code of the server's pages (backend/web/, TypeScript + Preact), bundled by esbuild
 * in memory the first time it is needed (once per process, then cached) and served as
 * /assets/<name>-<hash>.js|css. The hash is of the content, so the files are cached for a year and
 * a new build gets new URLs. Bundling at run time keeps `npm start` and app.request() tests on the
 * same code with no build step and nothing written to disk.
 * Who may see them: anyone (they hold no data, only code and styles).
 */
import { build, type Metafile } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entry points, by the name pages use (`scriptUrl('library')`). */
const ENTRIES = {
  'sign-in': 'sign-in/main.tsx',
  library: 'library/main.tsx',
  account: 'account/main.tsx',
  watch: 'watch/main.tsx',
  styles: 'styles.css',
} as const;
export type AssetName = keyof typeof ENTRIES;

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export interface WebAsset {
  body: Uint8Array;
  contentType: string;
}

export interface WebAssets {
  /** /assets/<file> of each entry. */
  urls: Record<AssetName, string>;
  /** By file name (what follows /assets/). */
  files: Map<string, WebAsset>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

async function bundle(): Promise<WebAssets> {
    const result = await build({
    absWorkingDir: WEB_DIR,
    entryPoints: { ...ENTRIES },
    bundle: true,
    write: false,
    outdir: 'out',
    entryNames: '[name]-[hash]',
    // Preact and the shared helpers once, in a chunk every page imports (by a relative URL under /assets).
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map<string, WebAsset>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const ext = name.slice(name.lastIndexOf('.'));
    const contentType = CONTENT_TYPES[ext];
    if (contentType) files.set(name, { body: file.contents, contentType });
  }
  return { urls: entryUrls(result.metafile), files };
}

/** Which output file each entry became (from esbuild's metafile; paths relative to WEB_DIR). */
function entryUrls(metafile: Metafile): Record<AssetName, string> {
  const urls: Partial<Record<AssetName, string>> = {};
  for (const [output, info] of Object.entries(metafile.outputs)) {
    const name = (Object.keys(ENTRIES) as AssetName[]).find((n) => ENTRIES[n] === info.entryPoint);
    if (name) urls[name] = `/assets/${basename(output)}`;
  }
  for (const name of Object.keys(ENTRIES) as AssetName[]) {
    if (!urls[name]) throw new Error(`web assets: the bundle has no output for ${name}`);
  }
  return urls as Record<AssetName, string>;
}

let cached: Promise<WebAssets> | undefined;

/** The bundle, made once per process; a failed build is retried on the next call. */
export function webAssets(): Promise<WebAssets> {
  cached ??= bundle().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
