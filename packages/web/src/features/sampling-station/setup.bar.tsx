// The station's set-up (component state of the page only, for this visit): the open round (the one open round chosen
// already), the site and station — or 上门采样, without a site — and then a one-line summary with 更改设置.
import { Alert, Button, Select, Switch, Typography } from 'antd';
import { EditOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Round, Site } from './api';
import { stationNumbers, type SetupProblem } from './sampling-station.logic';

export type SetupView = {
  rounds: Round[];
  sites: Site[];
  round: Round | undefined;
  site: Site | undefined;
  station: number | null;
  doorToDoor: boolean;
  problems: SetupProblem[];
};

export function SetupSummary({ view, onChange }: { view: SetupView; onChange: () => void }) {
  const { t } = useTranslation();
  const place = view.doorToDoor
    ? t('samplingStation.setup.summaryDoor')
    : t('samplingStation.setup.summarySite', { site: view.site?.name ?? '', n: view.station ?? '' });
  return (
    <section className="rx-ss-summary" aria-label={t('samplingStation.setup.title')} data-testid="ss-setup-summary">
      <div className="rx-ss-summary-text">
        <strong data-testid="ss-summary-round">{view.round ? t('samplingStation.setup.roundLine', { name: view.round.name, date: view.round.roundDate }) : ''}</strong>
        <span data-testid="ss-summary-place">{place}</span>
      </div>
      <Button icon={<EditOutlined />} onClick={onChange} data-testid="ss-setup-change">
        {t('samplingStation.setup.change')}
      </Button>
    </section>
  );
}

export function SetupForm(p: {
  view: SetupView;
  onRound: (id: string) => void;
  onSite: (id: string) => void;
  onStation: (n: number) => void;
  onDoorToDoor: (on: boolean) => void;
  onStart: () => void;
  /** The start was pressed with something missing: say what. */
  tried: boolean;
  roundLocked: boolean;
}) {
  const { t } = useTranslation();
  const { view } = p;
  const missing = (k: SetupProblem) => p.tried && view.problems.includes(k);
  const noSites = !view.doorToDoor && view.sites.length === 0;
  return (
    <section className="rx-ss-setup" aria-labelledby="ss-setup-title" data-testid="ss-setup">
      <h2 id="ss-setup-title" className="rx-ss-h2">{t('samplingStation.setup.title')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          p.onStart();
        }}
      >
        <div className="rx-ss-setup-grid">
          <div className="rx-ss-field">
            <label htmlFor="ss-round">{t('samplingStation.setup.round')}</label>
            <Select
              id="ss-round"
              size="large"
              value={view.round?.id}
              placeholder={t('samplingStation.setup.roundPlaceholder')}
              onChange={p.onRound}
              disabled={p.roundLocked}
              status={missing('round') ? 'error' : undefined}
              options={view.rounds.map((r) => ({ value: r.id, label: t('samplingStation.setup.roundLine', { name: r.name, date: r.roundDate }) }))}
              aria-describedby={missing('round') ? 'ss-round-missing' : undefined}
              data-testid="ss-round"
            />
            {missing('round') && <div id="ss-round-missing" className="rx-ss-field-error" role="alert">{t('samplingStation.setup.missing.round')}</div>}
          </div>
          <div className="rx-ss-field rx-ss-door">
            <label htmlFor="ss-door">{t('samplingStation.setup.doorToDoor')}</label>
            <div className="rx-ss-door-row">
              <Switch id="ss-door" checked={view.doorToDoor} onChange={p.onDoorToDoor} aria-describedby="ss-door-hint" data-testid="ss-door" />
              <Typography.Text type="secondary" id="ss-door-hint">{t('samplingStation.setup.doorToDoorHint')}</Typography.Text>
            </div>
          </div>
          {!view.doorToDoor && (
            <>
              <div className="rx-ss-field">
                <label htmlFor="ss-site">{t('samplingStation.setup.site')}</label>
                <Select
                  id="ss-site"
                  size="large"
                  value={view.site?.id}
                  placeholder={t('samplingStation.setup.sitePlaceholder')}
                  onChange={p.onSite}
                  status={missing('site') ? 'error' : undefined}
                  options={view.sites.map((s) => ({ value: s.id, label: s.name }))}
                  aria-describedby={missing('site') ? 'ss-site-missing' : undefined}
                  data-testid="ss-site"
                />
                {missing('site') && <div id="ss-site-missing" className="rx-ss-field-error" role="alert">{t('samplingStation.setup.missing.site')}</div>}
              </div>
              <div className="rx-ss-field">
                <label htmlFor="ss-station">{t('samplingStation.setup.station')}</label>
                <Select
                  id="ss-station"
                  size="large"
                  value={view.station ?? undefined}
                  placeholder={t('samplingStation.setup.stationPlaceholder')}
                  onChange={p.onStation}
                  disabled={!view.site}
                  status={missing('station') ? 'error' : undefined}
                  options={stationNumbers(view.site).map((n) => ({ value: n, label: t('samplingStation.setup.stationN', { n }) }))}
                  aria-describedby={missing('station') ? 'ss-station-missing' : undefined}
                  data-testid="ss-station"
                />
                {missing('station') && <div id="ss-station-missing" className="rx-ss-field-error" role="alert">{t('samplingStation.setup.missing.station')}</div>}
              </div>
            </>
          )}
        </div>
        {noSites && <Alert type="info" showIcon title={t('samplingStation.setup.noSites')} style={{ marginTop: 12 }} />}
        <Button type="primary" size="large" htmlType="submit" icon={<PlayCircleOutlined />} className="rx-ss-start" data-testid="ss-start">
          {t('samplingStation.setup.start')}
        </Button>
      </form>
    </section>
  );
}
