// 今日体温: a resident reports the household's daily temperature on a phone. One question per block, big type.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Skeleton, Tag } from 'antd';
import { CheckCircleFilled, LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { hasPermission, useMe } from '../../auth/session';
import { usePageTitle } from '../../app/use-page-title';
import { mySelfReports, type Mine, type SubmitResult, type Symptom } from './api';
import { EmergencyStateTag, useEmergencies } from '../emergencies';
import { shanghaiToday, SymptomTiles, TemperatureField, TemperatureValue, submitErrorText, symptomsText, temperatureError, useSubmitReport } from './shared';
import { formatTemperature, parseTemperature, START_TEMPERATURE } from './temperature';
import { reportedToday } from './today.logic';
import { ErrorAlert } from '../../lib/error-alert';

const MINE_KEY = ['self-reports', 'mine'] as const;
const HISTORY_ROWS = 10;

function NotLinked() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const staff = me.role !== 'resident' && hasPermission(me, 'self-report:read');
  return (
    <div className="rx-sr-card" data-testid="not-linked">
      <h2 className="rx-sr-question">{t('selfReports.resident.notLinkedTitle')}</h2>
      <p style={{ margin: 0 }}>{staff ? t('selfReports.resident.staffHint') : t('selfReports.resident.notLinkedBody')}</p>
      {staff && (
        <Button type="primary" size="large" style={{ marginTop: 16 }} onClick={() => void navigate('/self-reports')}>
          {t('selfReports.resident.toStaffPage')}
        </Button>
      )}
    </div>
  );
}

/** No emergency covers the area (PIPL 13(4), ADR 0027): the form is replaced by this notice. */
function CollectionClosed({ endedOn }: { endedOn: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="rx-sr-card" data-testid="collection-closed" role="status">
      <h2 className="rx-sr-question">{t('emergencies.closedTitle')}</h2>
      <p style={{ margin: 0 }}>{endedOn ? t('emergencies.closedBody', { date: endedOn }) : t('emergencies.closedNever')}</p>
    </div>
  );
}

function ResultCard({ result, who, onAgain }: { result: SubmitResult; who: string | null; onAgain: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Screen readers and keyboards land on the answer, not on a form that is gone.
  useEffect(() => ref.current?.focus(), [result.id]);
  const temp = formatTemperature(result.temperature);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      className={result.fever ? 'rx-sr-result rx-sr-fever' : 'rx-sr-result rx-sr-ok'}
      data-testid={result.fever ? 'result-fever' : 'result-ok'}
    >
      {result.fever ? (
        <>
          <h2>
            <WarningFilled aria-hidden />
            {t('selfReports.resident.feverTitle', { t: temp })}
          </h2>
          {who && <p>{t('selfReports.resident.okFor', { name: who })}</p>}
          <p className="rx-sr-contact">{t('selfReports.resident.feverContact')}</p>
          <p>{t('selfReports.resident.feverNow')}</p>
          <ol>
            <li>{t('selfReports.resident.feverSteps.home')}</li>
            <li>{t('selfReports.resident.feverSteps.mask')}</li>
            <li>{t('selfReports.resident.feverSteps.rest')}</li>
            <li>
              <strong>{t('selfReports.resident.feverSteps.emergency')}</strong>
            </li>
          </ol>
        </>
      ) : (
        <>
          <h2>
            <CheckCircleFilled aria-hidden />
            {t('selfReports.resident.okTitle')}
          </h2>
          {who && <p>{t('selfReports.resident.okFor', { name: who })}</p>}
          <p>{t('selfReports.resident.okBody', { t: temp })}</p>
        </>
      )}
      <Button size="large" className="rx-sr-again" onClick={onAgain}>
        {t('selfReports.resident.again')}
      </Button>
    </div>
  );
}

function History({ mine }: { mine: Mine }) {
  const { t } = useTranslation();
  const names = new Map(mine.members.map((m) => [m.id, m.self ? t('selfReports.resident.self') : m.name]));
  const showWho = mine.members.length > 1;
  const today = shanghaiToday();
  const rows = mine.items.slice(0, HISTORY_ROWS);
  return (
    <section className="rx-sr-card" aria-labelledby="rx-sr-history">
      <h2 id="rx-sr-history" className="rx-sr-question">
        {t('selfReports.resident.history')}
      </h2>
      {rows.length === 0 ? (
        <p className="rx-sr-hint" style={{ margin: 0 }}>
          {t('selfReports.resident.historyEmpty')}
        </p>
      ) : (
        <ul className="rx-sr-history" data-testid="history">
          {rows.map((r) => {
            const at = dayjs(r.createdAt);
            const day = r.reportDate === today ? t('selfReports.resident.today') : dayjs(r.reportDate).format(t('selfReports.resident.dateFormat'));
            return (
              <li key={r.id}>
                <div className="rx-sr-history-when">
                  {day} {at.format('HH:mm')}
                  {showWho && ` · ${names.get(r.residentId) ?? ''}`}
                  {r.symptoms.length > 0 && <small>{symptomsText(r.symptoms, t, '')}</small>}
                </div>
                <TemperatureValue value={r.temperature} fever={r.fever} />
                <Tag color={r.fever ? 'orange' : 'green'}>{r.fever ? t('selfReports.resident.fever') : t('selfReports.resident.normal')}</Tag>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function SelfReportPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('selfReports.resident.title'));
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: MINE_KEY, queryFn: ({ signal }) => mySelfReports(signal) });
  // The household's own state comes with `mine`; the account's area state is only a fallback while it loads.
  const emergency = useEmergencies(!mine.data?.collection);
  const collection = mine.data?.collection ?? emergency.data?.state;

  const [memberId, setMemberId] = useState<string | null>(null);
  const [temperature, setTemperature] = useState(formatTemperature(START_TEMPERATURE));
  const [symptoms, setSymptoms] = useState<Symptom[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: SubmitResult; who: string | null } | null>(null);

  const members = mine.data?.members ?? [];
  const self = members.find((m) => m.self);
  const chosen = members.find((m) => m.id === memberId) ?? self;

  const { submit, mutation, canRetry } = useSubmitReport((report) => {
    const member = members.find((m) => m.id === report.residentId);
    setResult({ report, who: member && !member.self ? member.name : null });
    void queryClient.invalidateQueries({ queryKey: MINE_KEY });
  });

  const notLinked =
    (mine.isSuccess && members.length === 0) || (isApiError(mutation.error) && mutation.error.code === 'account_not_linked');
  const closed =
    (collection !== undefined && !collection.open) || (isApiError(mutation.error) && mutation.error.code === 'collection_closed');
  // Already reported today for the chosen person: say so, so nobody reports again by mistake (the form stays open).
  const doneToday = mine.data ? reportedToday(mine.data.items, chosen?.id, shanghaiToday()) : null;
  const fieldError = localError ?? temperatureError(mutation.error, i18n.language);
  const otherError = mutation.isError && !temperatureError(mutation.error, i18n.language) ? submitErrorText(mutation.error, t, i18n.language) : null;

  const onSubmit = () => {
    const value = parseTemperature(temperature);
    if (value === null) {
      mutation.reset();
      setLocalError(t('selfReports.field.invalid'));
      return;
    }
    setLocalError(null);
    submit({ residentId: chosen && !chosen.self ? chosen.id : undefined, temperature: value, symptoms });
  };

  const again = () => {
    mutation.reset();
    setResult(null);
    setTemperature(formatTemperature(START_TEMPERATURE));
    setSymptoms([]);
  };

  return (
    <div className="rx-sr">
      <h1 className="rx-page-title">{t('selfReports.resident.title')}</h1>
      <p className="rx-sr-intro">{t('selfReports.resident.intro')}</p>
      <EmergencyStateTag state={mine.data?.collection} />

      {mine.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {mine.isError && (
        <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} className="rx-sr-alert" />
      )}
      {notLinked && <NotLinked />}
      {mine.isSuccess && !notLinked && !result && closed && <CollectionClosed endedOn={collection?.endedOn ?? null} />}

      {mine.isSuccess && !notLinked && result && <ResultCard result={result.report} who={result.who} onAgain={again} />}

      {mine.isSuccess && !notLinked && !result && !closed && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {members.length > 1 && (
            <fieldset className="rx-sr-card rx-sr-fieldset" style={{ padding: 20 }}>
              <legend className="rx-sr-question" style={{ float: 'left', width: '100%', marginBottom: 12 }}>
                {t('selfReports.resident.who')}
              </legend>
              <div className="rx-sr-members" style={{ clear: 'both' }}>
                {members.map((m) => {
                  const on = chosen?.id === m.id;
                  return (
                    <label key={m.id} className={on ? 'rx-sr-member rx-sr-member-on' : 'rx-sr-member'}>
                      <input
                        type="radio"
                        name="member"
                        value={m.id}
                        checked={on}
                        disabled={mutation.isPending}
                        onChange={() => {
                          setMemberId(m.id);
                          mutation.reset();
                        }}
                      />
                      {m.self
                        ? t('selfReports.resident.selfNamed', { name: m.name })
                        : m.relation
                          ? t('selfReports.resident.memberNamed', { name: m.name, relation: t(`registry.relations.${m.relation as 'head'}`, { defaultValue: m.relation }) })
                          : m.name}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          )}

          {doneToday && (
            <Alert
              type="success"
              showIcon
              className="rx-sr-alert"
              data-testid="reported-today"
              title={t('selfReports.resident.alreadyToday', {
                name: chosen && !chosen.self ? chosen.name : t('selfReports.resident.you'),
                time: dayjs(doneToday.createdAt).format('HH:mm'),
                t: formatTemperature(doneToday.temperature),
              })}
            />
          )}
          <div className="rx-sr-card">
            <TemperatureField
              id="rx-sr-temperature"
              value={temperature}
              error={fieldError}
              disabled={mutation.isPending}
              onChange={(v) => {
                setTemperature(v);
                setLocalError(null);
                if (mutation.isError) mutation.reset();
              }}
            />
          </div>

          <div className="rx-sr-card">
            <SymptomTiles value={symptoms} onChange={setSymptoms} disabled={mutation.isPending} />
          </div>

          {otherError && <Alert type="error" showIcon className="rx-sr-alert" title={otherError} data-testid="submit-error" />}
          {/* No network: the submission waits and goes out by itself when the phone is back online (same key, recorded once). */}
          {mutation.isPaused && <Alert type="warning" showIcon className="rx-sr-alert" title={t('selfReports.resident.offline')} data-testid="submit-offline" role="status" />}
          {/* No antd `loading`: its leaving spinner keeps aria-label="loading" in the button's name for a while. */}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            className="rx-sr-submit"
            disabled={mutation.isPending}
            aria-busy={mutation.isPending}
            icon={mutation.isPending ? <LoadingOutlined aria-hidden /> : undefined}
          >
            {mutation.isPaused ? t('selfReports.resident.waitingNetwork') : mutation.isPending ? t('selfReports.resident.submitting') : canRetry ? t('selfReports.resident.retry') : t('selfReports.resident.submit')}
          </Button>
        </form>
      )}

      {mine.isSuccess && !notLinked && <div style={{ marginTop: 16 }}><History mine={mine.data} /></div>}
    </div>
  );
}
