// 我的信息查阅记录 (SECURITY D24): the resident sees who accessed their record — when, which role, which
// organisation, for what purpose, which data. Never a staff member's name. Built for a phone: one card per access.
import { Pagination, Skeleton, Tag } from 'antd';
import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { formatCount } from '../../lib/numbers';
import { myAccessLog, type AccessEntry } from './api';
import { accessEntryLabel, accessRoleLabel, fieldLabels, formatAccessTime, groupRepeats, purposeLabel } from './access-log.logic';
import './access-log.css';
import { ErrorAlert } from '../../lib/error-alert';

export const ACCESS_LOG_PAGE_SIZE = 20;

function Entry({ entry, count, earliest }: { entry: AccessEntry; count: number; earliest: string }) {
  const { t, i18n } = useTranslation();
  const role = accessRoleLabel(entry, t, i18n.language);
  const fields = fieldLabels(entry.fields, t);
  return (
    <li className="rx-card rx-al-entry" data-testid="access-entry" data-appearance={entry.appearance ?? undefined}>
      <div className="rx-al-when">
        <time dateTime={entry.at}>{formatAccessTime(entry.at, t, i18n.language)}</time>
        {count > 1 && (
          <Tag data-testid="access-repeated">{t('accessLog.repeated', { count: formatCount(count, i18n.language), from: dayjs(earliest).format('HH:mm') })}</Tag>
        )}
        {entry.outcome !== 'success' && <Tag color="orange">{t('accessLog.notSuccessful')}</Tag>}
      </div>
      <p className="rx-al-what">
        <strong>{role}</strong> {accessEntryLabel(entry, t)}
      </p>
      <dl className="rx-facts rx-al-facts">
        <div>
          <dt>{t('accessLog.role')}</dt>
          <dd data-testid="access-role">{role}</dd>
        </div>
        <div>
          <dt>{t('accessLog.organisation')}</dt>
          <dd data-testid="access-org">{entry.organisation || t('accessLog.unknownOrganisation')}</dd>
        </div>
        <div>
          <dt>{t('accessLog.purpose')}</dt>
          <dd data-testid="access-purpose">{purposeLabel(entry.purpose, t, entry.objectType)}</dd>
        </div>
        {fields.length > 0 && (
          <div>
            <dt>{t('accessLog.fields')}</dt>
            <dd data-testid="access-fields" className="rx-al-fields">
              {fields.map((f) => (
                <Tag key={f}>{f}</Tag>
              ))}
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}

export function AccessLogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('accessLog.title'));
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ['me', 'access-log', page],
    queryFn: ({ signal }) => myAccessLog({ page, pageSize: ACCESS_LOG_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const data = log.data;

  return (
    <div className="rx-al">
      <h1 className="rx-page-title">{t('accessLog.title')}</h1>
      <p className="rx-al-intro">
        <SafetyCertificateOutlined aria-hidden /> {t('accessLog.intro')}
      </p>

      {log.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {log.isError && (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      )}

      {data && !data.linked && (
        <div className="rx-al-card" data-testid="access-not-linked">
          <h2>{t('accessLog.notLinkedTitle')}</h2>
          <p>{t('accessLog.notLinkedBody')}</p>
        </div>
      )}

      {data?.linked && data.total === 0 && (
        <div className="rx-al-card rx-al-empty" data-testid="access-empty">
          <EyeOutlined aria-hidden className="rx-al-empty-icon" />
          <h2>{t('accessLog.emptyTitle')}</h2>
          <p>{t('accessLog.emptyBody')}</p>
        </div>
      )}

      {data?.linked && data.items.length > 0 && (
        <>
          <p className="rx-al-total" data-testid="access-total">
            {t('accessLog.total', { total: formatCount(data.total, i18n.language) })}
          </p>
          <ol className="rx-card-list" data-testid="access-log" aria-busy={log.isFetching}>
            {groupRepeats(data.items).map((g, i) => (
              <Entry key={`${g.entry.at}-${i}`} entry={g.entry} count={g.count} earliest={g.earliest} />
            ))}
          </ol>
        </>
      )}

      {data?.linked && data.total > ACCESS_LOG_PAGE_SIZE && (
        <Pagination
          className="rx-al-pages"
          current={page}
          pageSize={ACCESS_LOG_PAGE_SIZE}
          total={data.total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => {
            setPage(p);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </div>
  );
}
