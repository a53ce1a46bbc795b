// 上门代报: a grid worker or doctor finds a resident in scope and records the temperature for them.
import { useState } from 'react';
import { Alert, Button, Input, Space, Spin } from 'antd';
import { Modal } from '../../lib/dialog';
import { LoadingOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { searchResidentsForReport, type ResidentHit, type SubmitResult, type Symptom } from './api';
import { SymptomTiles, TemperatureField, submitErrorText, temperatureError, useSubmitReport } from './shared';
import { formatTemperature, parseTemperature, START_TEMPERATURE } from './temperature';
import { DOOR_SEARCH_MAX, doorSearchText } from './self-reports.logic';

/** A resident chosen from the 还没报 list (address null for a restricted record). */
export type DoorPreset = { id: string; nameMasked: string; address: string | null };

/** `preset`: open straight on that resident (give the modal a `key` per preset so it starts from it). */
export function DoorToDoorModal({ open, onClose, preset = null }: { open: boolean; onClose: () => void; preset?: DoorPreset | null }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [searchEmpty, setSearchEmpty] = useState(false);
  const [resident, setResident] = useState<ResidentHit | DoorPreset | null>(preset);
  const [temperature, setTemperature] = useState(formatTemperature(START_TEMPERATURE));
  const [symptoms, setSymptoms] = useState<Symptom[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<{ result: SubmitResult; name: string } | null>(null);

  const hits = useQuery({
    queryKey: ['self-reports', 'door-search', search],
    queryFn: ({ signal }) => searchResidentsForReport(search, signal),
    enabled: open && search.length > 0,
    staleTime: 30_000,
  });

  const { submit, mutation, canRetry } = useSubmitReport((result) => {
    setDone({ result, name: resident?.nameMasked ?? '' });
    void queryClient.invalidateQueries({ queryKey: ['self-reports'] });
  });

  const resetReport = () => {
    mutation.reset();
    setTemperature(formatTemperature(START_TEMPERATURE));
    setSymptoms([]);
    setLocalError(null);
  };
  const next = () => {
    resetReport();
    setDone(null);
    setResident(null);
  };
  const close = () => {
    next();
    setQ('');
    setSearch('');
    setSearchEmpty(false);
    onClose();
  };

  // 查找 with nothing typed says what to type (it did nothing before).
  const runSearch = () => {
    const text = doorSearchText(q);
    setSearchEmpty(text === null);
    if (text !== null) setSearch(text);
  };

  const fieldError = localError ?? temperatureError(mutation.error, i18n.language);
  const otherError = mutation.isError && !temperatureError(mutation.error, i18n.language) ? submitErrorText(mutation.error, t, i18n.language) : null;

  const onSubmit = () => {
    if (!resident) return;
    const value = parseTemperature(temperature);
    if (value === null) {
      mutation.reset();
      setLocalError(t('selfReports.field.invalid'));
      return;
    }
    submit({ residentId: resident.id, temperature: value, symptoms });
  };

  let body;
  if (done) {
    const temp = formatTemperature(done.result.temperature);
    body = (
      <>
        <Alert
          type={done.result.fever ? 'warning' : 'success'}
          showIcon
          role="status"
          title={done.result.fever ? t('selfReports.door.doneFever', { name: done.name, t: temp }) : t('selfReports.door.done', { name: done.name, t: temp })}
          style={{ marginBottom: 16 }}
          data-testid="door-done"
        />
        <Space>
          <Button type="primary" onClick={next}>
            {t('selfReports.door.next')}
          </Button>
          <Button onClick={close}>{t('selfReports.door.close')}</Button>
        </Space>
      </>
    );
  } else if (resident) {
    body = (
      <form
        noValidate
        className="rx-sr-compact"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 12 }}>
          <strong style={{ fontSize: 16 }}>{t('selfReports.door.chosen', { name: resident.nameMasked })}</strong>
          <span style={{ color: 'rgba(0,0,0,0.6)' }}>
            {('access' in resident ? (resident.access === 'full' ? resident.address : null) : resident.address) ?? t('registry.restricted.tag')}
          </span>
          <Button type="link" onClick={() => (resetReport(), setResident(null))} style={{ marginInlineStart: 'auto' }}>
            {t('selfReports.door.change')}
          </Button>
        </div>
        <div style={{ marginBottom: 16 }}>
          <TemperatureField
            id="rx-door-temperature"
            size="large"
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
        <SymptomTiles value={symptoms} onChange={setSymptoms} disabled={mutation.isPending} />
        {otherError && <Alert type="error" showIcon role="alert" title={otherError} style={{ marginTop: 12 }} />}
        {mutation.isPaused && <Alert type="warning" showIcon role="status" title={t('selfReports.resident.offline')} style={{ marginTop: 12 }} data-testid="door-offline" />}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          disabled={mutation.isPending}
          aria-busy={mutation.isPending}
          icon={mutation.isPending ? <LoadingOutlined aria-hidden /> : undefined}
          style={{ marginTop: 16 }}
        >
          {mutation.isPaused
            ? t('selfReports.resident.waitingNetwork')
            : mutation.isPending
              ? t('selfReports.resident.submitting')
              : canRetry
                ? t('selfReports.resident.retry')
                : t('selfReports.door.submit')}
        </Button>
      </form>
    );
  } else {
    body = (
      <>
        <label htmlFor="rx-door-search" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>
          {t('selfReports.door.search')}
        </label>
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input
            id="rx-door-search"
            value={q}
            allowClear
            maxLength={DOOR_SEARCH_MAX}
            status={searchEmpty ? 'error' : undefined}
            aria-invalid={searchEmpty || undefined}
            aria-describedby={searchEmpty ? 'rx-door-search-empty' : undefined}
            placeholder={t('selfReports.door.searchPlaceholder')}
            onChange={(e) => {
              setQ(e.target.value);
              setSearchEmpty(false);
            }}
            onPressEnter={runSearch}
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={runSearch}>
            {t('selfReports.door.searchButton')}
          </Button>
        </Space.Compact>
        {searchEmpty && (
          <div id="rx-door-search-empty" role="alert" style={{ color: '#cf1322', margin: '-4px 0 12px' }} data-testid="door-search-empty">
            {t('selfReports.door.searchEmpty')}
          </div>
        )}
        {hits.isFetching && <Spin />}
        {hits.isError && <Alert type="error" showIcon role="alert" title={errorText(hits.error, t, i18n.language)} />}
        {hits.isSuccess && !hits.isFetching && (
          <div aria-live="polite">
            <p style={{ margin: '0 0 8px' }}>
              {hits.data.more
                ? t('selfReports.door.foundMore', { n: hits.data.items.length })
                : hits.data.items.length
                  ? t('selfReports.door.found', { n: hits.data.items.length })
                  : t('selfReports.door.none')}
            </p>
            {hits.data.items.map((r) => (
              <button key={r.id} type="button" className="rx-srs-hit" onClick={() => setResident(r)}>
                <span style={{ flex: 1, minWidth: 0 }}>
                  <strong>{r.nameMasked}</strong> {r.access === 'full' ? t('selfReports.door.age', { age: r.age }) : t('registry.restricted.tag')}
                  {r.access === 'full' && <small>{r.address}</small>}
                </span>
                <span style={{ color: '#0958d9' }}>{t('selfReports.door.choose')}</span>
              </button>
            ))}
          </div>
        )}
      </>
    );
  }

  return (
    <Modal open={open} title={t('selfReports.door.title')} onCancel={close} footer={null} destroyOnHidden width={560}>
      {body}
    </Modal>
  );
}
