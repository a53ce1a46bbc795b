// The start-up bundle of the `renxing` command (ADR 0060). Loading the server's ~600 TypeScript modules through tsx's
// loader costs about 2 s of CPU at every start (each module crosses to the loader thread and back); one bundle that
// esbuild compiled from the same sources loads in half that. The bundle is a cache, never a second source of truth:
// it is rebuilt (≈ 0.6 s) whenever a source file, a package.json or this file changed, and anything that goes wrong
// here falls back to running the sources through tsx, as before. RENXING_FROM_SOURCE=1 skips the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');
const PACKAGES_DIR = path.resolve(SERVER_DIR, '..');
/** The workspace packages compiled into the bundle (every other package is loaded from node_modules as usual). */
const WORKSPACE = ['server', 'shared', 'analytics'];
const ENTRY = path.join(SERVER_DIR, 'src/bin-entry.ts');
export const BUNDLE_DIR = path.join(SERVER_DIR, '.build');
export const BUNDLE = path.join(BUNDLE_DIR, 'renxing.mjs');
const STAMP = path.join(BUNDLE_DIR, 'stamp.json');

/**
 * What the bundle was built from: the number, total size and newest modification time of the workspace's source files
 * (tests excluded) and package.json files, and of this file. Any edit, added or deleted file, or checkout changes it.
 */
export function sourceSignature() {
  let files = 0, bytes = 0, newest = 0;
  const add = (p) => {
    const s = fs.statSync(p);
    files++;
    bytes += s.size;
    newest = Math.max(newest, s.mtimeMs);
  };
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) add(p);
    }
  };
  for (const pkg of WORKSPACE) {
    walk(path.join(PACKAGES_DIR, pkg, 'src'));
    add(path.join(PACKAGES_DIR, pkg, 'package.json'));
  }
  add(import.meta.filename);
  return `${files}:${bytes}:${newest}:${process.version}`;
}

/**
 * Source files keep their own location: `import.meta.url` / `dirname` / `filename` in a workspace source file are
 * replaced by that file's values, so paths built from them (the parse worker's entry, the web UI's directory) are the
 * same in the bundle as in the sources.
 */
const keepOwnLocation = {
  name: 'renxing-keep-own-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      let code = await fs.promises.readFile(args.path, 'utf8');
      if (code.includes('import.meta')) {
        code = code
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
      }
      return { contents: code, loader: 'ts' };
    });
  },
};

/** Every bare import except the workspace's own packages stays an import of node_modules. */
const externalPackages = {
  name: 'renxing-external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@renxing/') ? undefined : { path: args.path, external: true }));
  },
};

/** Compiles the bundle and its source map next to each other, each written to a temporary name and renamed into place. */
async function build(signature) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false,
    outfile: BUNDLE, sourcemap: 'external', sourcesContent: false, logLevel: 'silent', plugins: [externalPackages, keepOwnLocation],
  });
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  const put = (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  };
  const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!js || !map) throw new Error('esbuild wrote no bundle');
  put(`${BUNDLE}.map`, map.contents);
  put(BUNDLE, `${js.text}//# sourceMappingURL=${path.basename(BUNDLE)}.map\n`);
  put(STAMP, JSON.stringify({ signature }));
}

/**
 * The bundled entry (src/bin-entry.ts), built first if missing or older than the sources; null when it cannot be
 * had (RENXING_FROM_SOURCE=1, esbuild missing, a read-only install, a build error): the caller then runs the sources.
 */
export async function bundledEntry() {
  if (process.env.RENXING_FROM_SOURCE === '1') return null;
  try {
    const signature = sourceSignature();
    let stamp = null;
    try {
      stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    } catch {
      // no bundle yet
    }
    if (stamp?.signature !== signature || !fs.existsSync(BUNDLE)) await build(signature);
    // Stack traces name the TypeScript sources, as they do when run through tsx.
    process.setSourceMapsEnabled(true);
    return await import(pathToFileURL(BUNDLE).href);
  } catch (e) {
    if (process.env.RENXING_DEBUG_BUNDLE === '1') process.stderr.write(`renxing: start-up bundle not used (${e instanceof Error ? e.message : String(e)})\n`);
    return null;
  }
}
