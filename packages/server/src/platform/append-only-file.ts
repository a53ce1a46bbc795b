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
};

export function openAppendOnlyFile(file: string): AppendOnlyFile {
  const abs = path.resolve(file);
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
      let text: string;
      try {
        text = fs.readFileSync(abs, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], invalid: [] };
        throw e;
      }
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
    },
  };
}
