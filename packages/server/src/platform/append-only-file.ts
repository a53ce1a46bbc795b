import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What `read` found: the JSON objects in file order with their line numbers (1-based), and the lines that were not. */
export type JsonLinesRead = { entries: Array<{ line: number; value: Record<string, unknown> }>; invalid: number[] };

/**
 * An append-only JSON-lines file outside the database (used for the erasure ledger, ADR 0043). Knows nothing of what
 * its lines mean: callers decide what to write and how to read it.
 *
 * `append` is durable when it returns: open with `a` (O_APPEND), write one line, fsync, close — and fsync the directory
 * when the call created the file, so the new directory entry survives a crash too. A last line left without its
 * newline by a crash in the middle of a write is ended first, so the next line starts on a line of its own (the torn
 * line is reported as invalid by `read`). Synchronous on purpose: callers write a line per rare event (an erasure
 * decision), after their transaction committed.
 */
export type AppendOnlyFile = {
  readonly file: string;
  append(entry: Record<string, unknown>): void;
  read(): JsonLinesRead;
  /** The file's text ('' while it does not exist) and what `read` makes of it: the basis of a `rewrite`. */
  snapshot(): { text: string } & JsonLinesRead;
  /** `rewriteAtomically(file, basis, next)`: replaces the file, keeping lines appended since `basis` was read. */
  rewrite(basis: string, next: string): { carried: number };
};

/** Parses JSON-lines text: objects with their 1-based line numbers, and the numbers of the lines that are not. */
export function parseJsonLines(text: string): JsonLinesRead {
  const entries: JsonLinesRead['entries'] = [];
  const invalid: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) entries.push({ line: i + 1, value: v as Record<string, unknown> });
      else invalid.push(i + 1);
    } catch {
      invalid.push(i + 1);
    }
  });
  return { entries, invalid };
}

/** fsync a directory (after a rename or a new file in it, so the entry itself is durable). */
export function fsyncDir(dir: string) {
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

function readAllFd(fd: number, from: number): Buffer {
  const chunks: Buffer[] = [];
  for (let pos = from; ; ) {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    pos += n;
  }
  return Buffer.concat(chunks);
}

/**
 * Replaces an append-only file (e.g. the pruned erasure ledger) without losing what a concurrent `append` wrote.
 * `basis` is the text the caller read and decided on; `next` the new content built from it. The file must still start
 * with `basis` (anything else — another rewrite, an edit by hand — throws and changes nothing); the lines appended after
 * it are carried over. `next` (+ those lines) goes to a temporary file in the same folder, fsynced, renamed over the
 * file, the folder fsynced. The old file is kept open across the rename: a line appended to it between the last read
 * and the rename is appended to the new file afterwards (fsynced). There is no lock between processes: an `append` that
 * opened the old file just before the rename and writes only after that last look would still be lost — for the
 * erasure ledger the next check adds such a line back from its deletion certificate (ADR 0043).
 * Returns the number of lines carried over.
 */
export function rewriteAtomically(file: string, basis: string, next: string): { carried: number } {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const basisBytes = Buffer.from(basis, 'utf8');
  let old: number | null = null;
  try {
    old = fs.openSync(abs, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = path.join(dir, `.${path.basename(abs)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    const now = old === null ? Buffer.alloc(0) : readAllFd(old, 0);
    if (now.length < basisBytes.length || !now.subarray(0, basisBytes.length).equals(basisBytes)) {
      throw new Error(`${abs} changed while it was being rewritten (not only appended to); nothing was changed — run again`);
    }
    const tail = now.subarray(basisBytes.length);
    let body = next.length && !next.endsWith('\n') ? `${next}\n` : next;
    body += tail.toString('utf8');
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      const buf = Buffer.from(body, 'utf8');
      for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, abs);
    fsyncDir(dir);
    let carried = parseJsonLines(tail.toString('utf8')).entries.length;
    if (old !== null) {
      // Appended to the old file between the read above and the rename: onto the new one.
      const late = readAllFd(old, now.length);
      if (late.length) {
        const fd = fs.openSync(abs, 'a', 0o600);
        try {
          const lead = body.length && !body.endsWith('\n') ? '\n' : '';
          const buf = Buffer.concat([Buffer.from(lead), late]);
          for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        carried += parseJsonLines(late.toString('utf8')).entries.length;
      }
    }
    return { carried };
  } finally {
    if (old !== null) fs.closeSync(old);
    fs.rmSync(tmp, { force: true });
  }
}

export function openAppendOnlyFile(file: string): AppendOnlyFile {
  const abs = path.resolve(file);
  const snapshot = (): { text: string } & JsonLinesRead => {
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', entries: [], invalid: [] };
      throw e;
    }
    return { text, ...parseJsonLines(text) };
  };
  return {
    file: abs,
    append(entry) {
      const dir = path.dirname(abs);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const created = !fs.existsSync(abs);
      const fd = fs.openSync(abs, 'a+', 0o600);
      try {
        const { size } = fs.fstatSync(fd);
        let lead = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          fs.readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== 0x0a) lead = '\n';
        }
        const buf = Buffer.from(`${lead}${JSON.stringify(entry)}\n`, 'utf8');
        // O_APPEND: every write goes to the end, whatever the position says.
        for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (created) {
        const dfd = fs.openSync(dir, 'r');
        try {
          fs.fsyncSync(dfd);
        } finally {
          fs.closeSync(dfd);
        }
      }
    },
    read() {
      const { entries, invalid } = snapshot();
      return { entries, invalid };
    },
    snapshot,
    rewrite(basis, next) {
      return rewriteAtomically(abs, basis, next);
    },
  };
}
