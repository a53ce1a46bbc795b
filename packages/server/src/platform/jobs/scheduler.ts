import type { Logger } from 'pino';

/** In-process periodic jobs (the embedded default; a worker role runs the same jobs at scale). */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Runs `fn` every `ms` (first run after `ms`); overlapping runs of the same job are skipped. */
  every(name: string, ms: number, fn: () => Promise<unknown>) {
    const t = setInterval(() => void this.runOnce(name, fn), ms);
    t.unref();
    this.timers.push(t);
  }

  /** Runs a job now, logging its outcome; returns its result or undefined on failure. */
  async runOnce<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(name)) return undefined;
    this.running.add(name);
    const started = Date.now();
    try {
      const r = await fn();
      this.logger.debug({ job: name, ms: Date.now() - started }, 'job done');
      return r;
    } catch (err) {
      this.logger.error({ job: name, err: { message: (err as Error).message } }, 'job failed');
      return undefined;
    } finally {
      this.running.delete(name);
    }
  }

  stop() {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
