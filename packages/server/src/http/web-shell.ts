// The built web app (packages/web/dist, RENXING_WEB_DIR): its files, and the HTML shell for the client-side routes.
// Looked up on disk at each request, not listed once at start: a rebuild or an in-place upgrade replaces the hashed
// files under a running server (deleting the old ones), and the new shell names the new files. With the list of files
// taken at start (@fastify/static `wildcard: false`, one route per file found), every new file answered 404 and the page
// stayed blank until a restart.
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isClientRoute } from './errors';
import { webCacheHeaders } from './web-cache';

type ConstraintStrategy = Parameters<FastifyInstance['addConstraintStrategy']>[0];
type Handler = ReturnType<ReturnType<ConstraintStrategy['storage']>['get']>;

/**
 * Keeps the catch-all route below off the API's paths: there the router must still find no route — a 404, or a 414
 * for a path parameter over the router's length limit (http/errors.ts frameworkErrorReply) — rather than a file lookup.
 */
const WEB_PATH: ConstraintStrategy = {
  name: 'renxingWebPath',
  storage() {
    const handlers = new Map<unknown, Handler>();
    return { get: (value) => handlers.get(value) ?? null, set: (value, handler) => void handlers.set(value, handler) };
  },
  deriveConstraint(req) {
    const p = (req.url ?? '/').split('?')[0]!;
    return p === '/api' || p.startsWith('/api/') ? 'api' : 'web';
  },
  // Routes without this constraint (all the others) match whatever it derives.
  mustMatchWhenDerived: false,
};

/**
 * One public GET route for every path outside the API: a client route gets the shell (`index.html` as it is on disk
 * now, with ETag and Last-Modified, so the browser's `no-cache` revalidation is a 304 until a deploy changes it); any
 * other path gets the file of that name under `webDir` (its Brotli or gzip copy when the browser accepts one), and a
 * missing file — an old build's hashed asset — goes to the not-found handler: a 404 in the error format, never the shell.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const root = path.resolve(webDir);
  // reply.sendFile only (`serve: false`): the route below maps URLs to files. The root is given on each call rather than
  // here, so a web directory that does not exist yet (the app built after the server started) is no error at start.
  await app.register(fastifyStatic, {
    serve: false,
    // The build writes .br and .gz copies (packages/web/vite.config.ts): sent to browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    // A dot file (.env, .git) is never part of a build: not found, as when only the built files had routes.
    dotfiles: 'ignore',
    setHeaders: webCacheHeaders(root),
  });
  if (!app.hasConstraintStrategy(WEB_PATH.name)) app.addConstraintStrategy(WEB_PATH);
  app.get<{ Params: { '*': string } }>('/*', {
    // Public, and outside the per-address public rate limit (ADR 0036): a page load fetches dozens of files.
    config: { access: 'public', publicRateLimit: false },
    constraints: { [WEB_PATH.name]: 'web' },
    schema: { hide: true },
  }, async (req, reply) => {
    if (isClientRoute(req.url)) return reply.sendFile('index.html', root);
    // @fastify/send refuses `..` too (403); checked here first so that nothing outside the web directory is even looked
    // up, and the answer is the same 404 as for any missing file.
    const file = path.resolve(root, `.${path.sep}${req.params['*']}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      reply.callNotFound();
      return reply;
    }
    return reply.sendFile(`/${req.params['*']}`, root);
  });
}
