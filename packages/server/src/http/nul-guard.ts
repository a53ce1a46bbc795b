import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { errors } from './errors';

/** The first place (`body.note`, `params.id`, `body.items[2]`) under `prefix` where a string holds U+0000, or null. */
export function findNul(value: unknown, prefix: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? prefix : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = findNul(value[i], `${prefix}[${i}]`, depth + 1);
      if (at) return at;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${prefix}.${k.replace(/\u0000/g, '\\u0000')}`;
    const at = findNul(v, `${prefix}.${k}`, depth + 1);
    if (at) return at;
  }
  return null;
}

/**
 * Text with a NUL character (U+0000) is refused in every part of every request: path parameters, query and JSON body
 * (`%00`, `"\u0000"`). PostgreSQL cannot store it in a text column or compare with it ("invalid byte sequence for
 * encoding UTF8: 0x00"), so on that database such input became a 500; SQLite stores it and C string functions cut
 * the text there. No field of this system has a use for it. Runs before the route's validation, so the answer is the
 * usual 400 naming the field, on both databases.
 */
export function installNulGuard(app: FastifyInstance) {
  app.addHook('preValidation', (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const at = findNul(req.params, 'params') ?? findNul(req.query, 'querystring') ?? findNul(req.body, 'body');
    if (at) return done(errors.field(at, 'nul_character', '不能包含空字符（\\u0000）', 'must not contain the NUL character (\\u0000)'));
    done();
  });
}
