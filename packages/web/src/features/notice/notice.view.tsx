// Renders the processing notice sent by the server (structured sections, not HTML) in the UI language.
import { useTranslation } from 'react-i18next';
import type { Notice } from './api';
import { noticeDocument } from './notice.logic';
import './notice.css';

export function NoticeView({ notice, headingLevel = 1 }: { notice: Notice; headingLevel?: 1 | 2 }) {
  const { t, i18n } = useTranslation();
  const doc = noticeDocument(notice, i18n.language);
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <article className="rx-notice" data-testid="privacy-notice" data-version={notice.version}>
      <Title>{doc.title}</Title>
      <div className="rx-notice-version">{t('notice.version', { version: notice.version })}</div>
      {doc.sections.map((s) => (
        <section key={s.id} data-section={s.id}>
          <h2>{s.heading}</h2>
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {s.groups && (
            <ul className="rx-notice-groups">
              {s.groups.map((g) => (
                <li key={`${g.purpose}|${g.basis}`} className="rx-notice-group" data-testid="notice-group">
                  <h3>{g.purposeLabel}</h3>
                  <div className="rx-notice-basis">
                    {t('notice.basis')}：{g.basisLabel}
                  </div>
                  {g.items.map((item) => (
                    <dl key={item.retention} className="rx-notice-item">
                      <dt>{item.fields.map((f) => f.label).join(i18n.language.startsWith('en') ? ', ' : '、')}</dt>
                      <dd>
                        {t('notice.retention')}：{item.retention}
                      </dd>
                    </dl>
                  ))}
                </li>
              ))}
            </ul>
          )}
          {s.id === 'collected' && (
            <>
              <h2>{t('notice.emergencyHeading')}</h2>
              {notice.emergencies.length === 0 ? (
                <p>{t('notice.emergencyNone')}</p>
              ) : (
                notice.emergencies.map((e) => (
                  <p key={`${e.area}${e.since}`}>{t('notice.emergencyInForce', { ...e, days: notice.emergencyRetentionDays })}</p>
                ))
              )}
            </>
          )}
        </section>
      ))}
    </article>
  );
}
