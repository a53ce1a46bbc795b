/** A tiny Prometheus text-format registry (counters, gauges, histograms) with no dependencies. */
export class Metrics {
  private counters = new Map<string, Map<string, number>>();
  private help = new Map<string, [string, 'counter' | 'gauge' | 'histogram']>();
  private hist = new Map<string, Map<string, { buckets: number[]; counts: number[]; sum: number; count: number }>>();
  private gauges = new Map<string, () => number>();

  static readonly latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

  counter(name: string, help: string, labels: Record<string, string> = {}, by = 1) {
    this.help.set(name, [help, 'counter']);
    const key = labelKey(labels);
    const m = this.counters.get(name) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + by);
    this.counters.set(name, m);
  }

  gauge(name: string, help: string, read: () => number) {
    this.help.set(name, [help, 'gauge']);
    this.gauges.set(name, read);
  }

  observe(name: string, help: string, labels: Record<string, string>, value: number, buckets = Metrics.latencyBuckets) {
    this.help.set(name, [help, 'histogram']);
    const key = labelKey(labels);
    const m = this.hist.get(name) ?? new Map();
    let h = m.get(key);
    if (!h) {
      h = { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
      m.set(key, h);
    }
    for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]!) h.counts[i]!++;
    h.sum += value;
    h.count++;
    this.hist.set(name, m);
  }

  /** Renders the exposition format. */
  render(): string {
    const out: string[] = [];
    for (const [name, [help, type]] of this.help) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      if (type === 'counter') for (const [k, v] of this.counters.get(name) ?? []) out.push(`${name}${k} ${v}`);
      if (type === 'gauge') out.push(`${name} ${this.gauges.get(name)?.() ?? 0}`);
      if (type === 'histogram')
        for (const [k, h] of this.hist.get(name) ?? []) {
          const inner = k.slice(1, -1);
          h.buckets.forEach((b, i) => out.push(`${name}_bucket{${inner ? `${inner},` : ''}le="${b}"} ${h.counts[i]}`));
          out.push(`${name}_bucket{${inner ? `${inner},` : ''}le="+Inf"} ${h.count}`, `${name}_sum${k} ${h.sum}`, `${name}_count${k} ${h.count}`);
        }
    }
    return `${out.join('\n')}\n`;
  }
}

function labelKey(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
