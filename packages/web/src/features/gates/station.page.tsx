// 卡口值守 (gate:operate; ADR 0081), phone first: the gate (kept on this device) and 进 / 出; one big field that a USB
// ID-card reader or QR scanner types into and ends with Enter (or a person types and presses 核验). The answer fills the
// width in its colour — 放行 green, 需核实 orange, 不放行 red — with its reasons and who it is (masked); a check is
// resolved right there (核实后放行 / 劝返). The field is emptied and takes the keyboard again at once; a scan the server
// cannot read (400 naming `scan`) is said under the field and put back in it, selected. Below: this session's last ten
// checks and the gate's passages still to check. Nothing scanned is kept beyond this page's memory.
import { useEffect, useRef, useState } from 'react';
import { Button, Empty, Input, Radio, Select, Skeleton, Typography, type InputRef } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { MAIN_ID } from '../../app/page-focus';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { fieldErrors } from '../../lib/errors.logic';
import { useMutation } from '../../lib/single-flight';
import { readQuietly, storeQuietly } from '../../lib/storage';
import { checkAt, EVENTS_KEY, GATE_LIST_KEY, GATES_KEY, listEvents, listGates, reviewEvent, type CheckBody, type Direction, type Outcome, type Passage } from './api';
import { byWeight, cleanScan, DECISION_COLOUR, keepRecent, needsReview, reasonText, STATION_GATE_KEY, stationGate, typedByHand, whoText } from './gates.logic';
import { DecisionTag, isReviewConflict, PassageRow } from './shared';
import './gates.css';

const SCAN_ID = 'gt-scan';

export function StationPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('gates.station.title'));
  const queryClient = useQueryClient();
  const gates = useQuery({ queryKey: GATE_LIST_KEY, queryFn: ({ signal }) => listGates(signal), staleTime: 60_000 });
  const active = (gates.data?.items ?? []).filter((g) => g.status === 'active');
  const [chosenId, setChosenId] = useState<string | null>(() => readQuietly(STATION_GATE_KEY));
  const gate = stationGate(active, chosenId);
  const [direction, setDirection] = useState<Direction>('in');
  const [text, setText] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [last, setLast] = useState<Passage | null>(null);
  const [recent, setRecent] = useState<Passage[]>([]);
  // When the first character of the value being typed came (a reader types a whole value within milliseconds).
  const startedAt = useRef<number | null>(null);

  // The keyboard (the reader, the scanner) goes back to the field after each answer and each button.
  const input = useRef<InputRef>(null);
  const [focusTo, setFocusTo] = useState<{ n: number; select: boolean }>({ n: 0, select: false });
  const refocus = (select = false) => setFocusTo((f) => ({ n: f.n + 1, select }));
  useEffect(() => {
    if (focusTo.n === 0) return;
    input.current?.focus();
    if (focusTo.select) input.current?.select();
  }, [focusTo]);
  // A reader typing while nothing has the focus (after a tap elsewhere on the page): its characters go to the field.
  useEffect(() => {
    if (!gate) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
      const el = document.activeElement;
      if (el && el !== document.body && el.id !== MAIN_ID) return;
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [gate]);

  const queue = useQuery({
    queryKey: [...EVENTS_KEY, 'queue', gate?.id ?? ''],
    queryFn: ({ signal }) => listEvents({ gateId: gate!.id, open: true, page: 1, pageSize: 50 }, signal),
    enabled: !!gate,
    refetchInterval: 20_000,
  });

  const check = useMutation({ mutationFn: (v: { gateId: string; body: CheckBody }) => checkAt(v.gateId, v.body) });
  const resolved = (p: Passage) => {
    setLast((l) => (l?.id === p.id ? p : l));
    setRecent((r) => r.map((x) => (x.id === p.id ? p : x)));
    void queryClient.invalidateQueries({ queryKey: GATES_KEY });
  };
  const review = useMutation({
    mutationFn: (v: { id: string; outcome: Outcome }) => reviewEvent(v.id, { outcome: v.outcome }),
    onSuccess: resolved,
    onError: (e) => {
      if (isReviewConflict(e)) void queryClient.invalidateQueries({ queryKey: EVENTS_KEY });
    },
    onSettled: () => refocus(),
  });
  const resolve = (p: Passage, outcome: Outcome) => void review.mutateAsync({ id: p.id, outcome }).catch(() => undefined);

  // One scan at a time, in order (a reader may send the next card while the last one is being checked).
  const chain = useRef<Promise<void>>(Promise.resolve());
  const run = async (gateId: string, body: CheckBody) => {
    try {
      const p = await check.mutateAsync({ gateId, body });
      setLast(p);
      setRecent((r) => keepRecent(r, p));
      setScanError(null);
      setFailure(null);
      review.reset();
      void queryClient.invalidateQueries({ queryKey: EVENTS_KEY });
      refocus();
    } catch (e) {
      const field = fieldErrors(e, i18n.language).scan;
      if (field) {
        setScanError(field);
        setFailure(null);
        // Put back what was read, selected: corrected by hand, or replaced by the next scan.
        setText((now) => now || body.scan);
        refocus(true);
        return;
      }
      setFailure(e);
      if (isApiError(e) && e.status === 409) void queryClient.invalidateQueries({ queryKey: GATE_LIST_KEY });
      refocus();
    }
  };
  const submit = (raw: string) => {
    const value = cleanScan(raw);
    const elapsed = startedAt.current === null ? 0 : Date.now() - startedAt.current;
    startedAt.current = null;
    if (!gate) return setScanError(t('gates.station.pickFirst'));
    if (!value) {
      setScanError(t('gates.station.empty'));
      refocus();
      return;
    }
    setText('');
    setScanError(null);
    const body: CheckBody = { direction, scan: value, ...(typedByHand(value.length, elapsed) ? { method: 'manual' as const } : {}) };
    const gateId = gate.id;
    chain.current = chain.current.then(() => run(gateId, body)).catch(() => undefined);
  };

  if (gates.isPending) return <Skeleton active />;
  if (gates.isError) return <ErrorAlert error={gates.error} onRetry={() => void gates.refetch()} />;
  const errorId = `${SCAN_ID}-error`;
  const hintId = `${SCAN_ID}-hint`;
  return (
    <div className="rx-gt-station" data-testid="gt-station">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('gates.station.title')}</Typography.Title>
      <p className="rx-gt-intro">{t('gates.station.intro')}</p>
      {active.length === 0 ? <Empty description={t('gates.station.noGates')} /> : (
        <>
          <div className="rx-gt-setup">
            <div className="rx-gt-field">
              <label htmlFor="gt-station-gate" className="rx-gt-label">{t('gates.station.gate')}</label>
              <Select
                id="gt-station-gate"
                size="large"
                value={gate?.id}
                placeholder={t('gates.station.pick')}
                onChange={(id: string) => {
                  setChosenId(id);
                  storeQuietly(STATION_GATE_KEY, id);
                  refocus();
                }}
                options={active.map((g) => ({ value: g.id, label: g.location ? `${g.name}（${g.location}）` : g.name }))}
                style={{ width: '100%' }}
                data-testid="gt-station-gate"
              />
            </div>
            <div className="rx-gt-field">
              <span className="rx-gt-label" id="gt-direction-label">{t('gates.station.direction')}</span>
              <Radio.Group
                aria-labelledby="gt-direction-label"
                className="rx-gt-direction"
                value={direction}
                onChange={(e) => {
                  setDirection(e.target.value as Direction);
                  refocus();
                }}
                optionType="button"
                buttonStyle="solid"
                size="large"
                options={(['in', 'out'] as const).map((d) => ({ value: d, label: t(`gates.direction.${d}`) }))}
                data-testid="gt-direction"
              />
            </div>
          </div>
          <form
            className="rx-gt-scan"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const el = e.currentTarget.elements.namedItem(SCAN_ID) as HTMLInputElement | null;
              submit(el?.value ?? text);
            }}
          >
            <label htmlFor={SCAN_ID} className="rx-gt-label rx-gt-scan-label">{t('gates.station.scan')}</label>
            <p id={hintId} className="rx-gt-quiet rx-gt-hint">{t('gates.station.scanHelp')}</p>
            <div className="rx-gt-scan-row">
              <Input
                ref={input}
                id={SCAN_ID}
                name={SCAN_ID}
                className="rx-gt-scan-input"
                value={text}
                onChange={(e) => {
                  if (!text && e.target.value) startedAt.current = Date.now();
                  setText(e.target.value);
                }}
                placeholder={t('gates.station.placeholder')}
                autoFocus
                autoComplete="off"
                autoCapitalize="characters"
                autoCorrect="off"
                spellCheck={false}
                enterKeyHint="go"
                maxLength={120}
                disabled={!gate}
                aria-invalid={scanError ? true : undefined}
                aria-describedby={scanError ? `${errorId} ${hintId}` : hintId}
                data-testid="gt-scan"
              />
              <Button type="primary" size="large" htmlType="submit" icon={<ScanOutlined />} loading={check.isPending} disabled={!gate} className="rx-gt-scan-button" data-testid="gt-scan-submit">
                {t('gates.station.check')}
              </Button>
            </div>
            {scanError && <div id={errorId} className="rx-gt-field-error" role="alert" data-testid="gt-scan-error">{scanError}</div>}
          </form>
          {!!failure && <ErrorAlert error={failure} />}
          {review.isError && <ErrorAlert error={review.error} />}
          <div aria-live="polite">
            {last && <Answer p={last} busy={review.isPending} onReview={resolve} />}
          </div>
          {recent.length > 0 && (
            <section className="rx-gt-section" data-testid="gt-recent">
              <h2 className="rx-gt-h2">{t('gates.station.recent')}</h2>
              <ol className="rx-gt-recent">
                {recent.map((p) => (
                  <li key={p.id} data-testid="gt-recent-item" data-decision={p.decision}>
                    <span className="rx-gt-time">{dayjs(p.at).format('HH:mm:ss')}</span>
                    <DecisionTag decision={p.decision} testId="gt-recent-decision" />
                    <span>{t(`gates.direction.${p.direction}`)}</span>
                    <span className="rx-gt-recent-who">{whoText(p, t)}</span>
                    {p.review && <span className="rx-gt-quiet">{t(`gates.station.reviewed.${p.review.outcome}`)}</span>}
                  </li>
                ))}
              </ol>
            </section>
          )}
          {gate && (
            <section className="rx-gt-section" data-testid="gt-queue">
              <h2 className="rx-gt-h2">{t('gates.station.queue')}</h2>
              {queue.isPending ? <Skeleton active /> : queue.isError ? <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /> : queue.data.items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gates.station.none')} />
              ) : (
                <ul className="rx-card-list" data-testid="gt-queue-list">
                  {queue.data.items.map((p) => <PassageRow key={p.id} p={p} showGate={false} busy={review.isPending} onReview={resolve} />)}
                </ul>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The answer, full width in its colour: the word, where and when, who, why, and for a check the two buttons. */
function Answer({ p, busy, onReview }: { p: Passage; busy: boolean; onReview: (p: Passage, outcome: Outcome) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="rx-gt-answer" style={{ background: DECISION_COLOUR[p.decision] }} data-testid="gt-result" data-id={p.id} data-decision={p.decision}>
      <div className="rx-gt-answer-word" data-testid="gt-result-word">{t(`gates.station.result.${p.decision}`)}</div>
      <div className="rx-gt-answer-at">{t('gates.station.at', { gate: p.gateName, direction: t(`gates.direction.${p.direction}`), time: dayjs(p.at).format('HH:mm:ss') })}</div>
      <div className="rx-gt-answer-who" data-testid="gt-result-who">{whoText(p, t)}</div>
      {p.person?.address && <div data-testid="gt-result-address">{t('gates.station.address', { address: p.person.address })}</div>}
      {p.person && !p.person.address && p.person.communityName && <div data-testid="gt-result-community">{t('gates.station.community', { name: p.person.communityName })}</div>}
      <ul className="rx-gt-answer-reasons" data-testid="gt-result-reasons" aria-label={t('gates.station.reasons')}>
        {byWeight(p.reasons).map((r) => <li key={r.code} data-code={r.code} data-effect={r.effect}>{reasonText(r, i18n.language)}</li>)}
      </ul>
      {needsReview(p) && (
        <div className="rx-gt-answer-actions">
          <Button size="large" loading={busy} onClick={() => onReview(p, 'let_in')} data-testid="gt-result-let-in">{t('gates.events.letIn')}</Button>
          <Button size="large" loading={busy} onClick={() => onReview(p, 'turned_away')} data-testid="gt-result-turn-away">{t('gates.events.turnAway')}</Button>
        </div>
      )}
      {p.review && <div className="rx-gt-answer-review" data-testid="gt-result-review" data-outcome={p.review.outcome}>{t(`gates.station.reviewed.${p.review.outcome}`)}</div>}
    </section>
  );
}
