// Small pieces shared by the pages of 政务公开与群众监督 (ADR 0086).
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { blocksOf, hoursLeft, slaState } from './public-info.logic';

/** A time in Shanghai, to the minute. */
export { shanghaiMinute as at } from '../../lib/shanghai-time';

const SLA_COLOURS = { closed: 'default', overdue: 'red', soon: 'orange', ok: 'green' } as const;

export function SlaTag({ c, now }: { c: { status: string; dueAt: string }; now: Date }) {
  const { t } = useTranslation();
  const s = slaState(c, now);
  const h = hoursLeft(c.dueAt, now);
  // A closed complaint says so in its status tag already.
  if (s === 'closed') return null;
  return (
    <Tag color={SLA_COLOURS[s]} data-testid="pi-sla" data-sla={s}>
      {t(`publicInfo.sla.${s}`)} · {h > 0 ? t('publicInfo.complaints.hoursLeft', { n: h }) : t('publicInfo.complaints.hoursOver', { n: -h })}
    </Tag>
  );
}

/** An announcement's text: paragraphs, lists and headings as React text (never HTML). */
export function Body({ text }: { text: string }) {
  return (
    <div className="rx-pi-body" data-testid="pi-body">
      {blocksOf(text).map((b, i) => b.kind === 'ul' ? (
        <ul key={i}>{b.items.map((x, j) => <li key={j}>{x}</li>)}</ul>
      ) : b.kind === 'h' ? <Typography.Title key={i} level={4}>{b.text}</Typography.Title> : <p key={i} style={{ whiteSpace: 'pre-line' }}>{b.text}</p>)}
    </div>
  );
}
