// `renxing <command> --help` answers with that command's part of the help text (it used to fail with "Unknown option
// '--help'" from the argument parser of every subcommand).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpFor } from './cli';

const BIN = path.resolve(import.meta.dirname, '../bin/renxing.mjs');

describe('renxing <command> --help', () => {
  it('takes one command\'s entries, with their continuation lines and nothing of the next command', () => {
    const backup = helpFor('backup')!;
    expect(backup).toContain('backup <file>');
    expect(backup).toContain('consistent online backup');
    expect(backup).not.toContain('restore <file>');
    const erasures = helpFor('erasures')!;
    expect(erasures).toContain('erasures reapply [--json]');
    expect(erasures).toContain('erasures prune (--before');
    expect(erasures).toContain('{"checked":N,"reapplied":N}');
    expect(erasures).not.toContain('analyze <aberration');
    const user = helpFor('user')!;
    expect(user.match(/^ {2}user /gm)).toHaveLength(3);
    expect(helpFor('no-such-command')).toBeNull();
  });

  it('answers --help after a subcommand with exit 0 instead of an unknown-option error', () => {
    const r = spawnSync(process.execPath, [BIN, 'erasures', 'prune', '--help'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, RENXING_LOG_LEVEL: 'silent' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('erasures prune (--before');
    expect(r.stderr).not.toContain('Unknown option');
  });
});
