// 采样台 (sampling:collect; ADR 0079): a collector on a phone, or at a laptop with a USB ID-card reader and a barcode
// scanner (both type like a keyboard and end with Enter). The set-up first (the open round, chosen already when there is
// one; the site and station, or 上门采样), then two steps, one big field each: 1 扫描试管, 2 读身份证或扫采样码 — each person
// is checked (masked name, ID and grid; 外来人员 asks for the name; 本轮已采样 warns in yellow but is added; 需单管复核
// refuses a pooled tube in red) and listed in the tube with 移除. A full tube, or 封管提交, goes as ONE request with its own
// Idempotency-Key and the station is back at step 1 at once. Without a network the request waits (待上传 N 管) and goes out
// by itself, with the same key, when the network is back. ID numbers live only in this page's memory, never in storage.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type Ref } from 'react';
import { Alert, Button, Input, Segmented, Skeleton, Typography, type InputRef } from 'antd';
import { ScanOutlined, SendOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { onlineManager, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { INLINE_OFFLINE_NOTICE } from '../../app/offline-notice.logic';
import { MAIN_ID } from '../../app/page-focus';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { errorText } from '../../lib/errors';
import { useMutation } from '../../lib/single-flight';
import {
  checkPerson, listOpenRounds, listSites, OPEN_ROUNDS_KEY, SITES_KEY, submitTube, TUBE_MUTATION_KEY,
  type CheckAnswer, type PersonRef, type PoolSize, type SubmittedTube, type TubeBody,
} from './api';
import {
  addProblem, checkView, EMPTY_TUBE, identitiesOf, isFull, keepRecent, localIdMasked, memberFromCheck, memberOffline, nameProblem, newTubeKey, poolSizeChoices,
  readBarcode, readPerson, refusedMember, restorable, retryableSubmission, setupProblems, siteChoices, tubeBody, tubeReducer, tubeRefusal,
  type AddProblem, type CheckView, type RecentTube, type Setup, type Tube, type TubeAction, type TubeMember,
} from './sampling-station.logic';
import { SetupForm, SetupSummary, type SetupView } from './setup.bar';
import { MemberList, MemberTags, memberName, RecentList, refusalText, ScanField, time } from './tube.parts';
import './sampling-station.css';

type Submission = { roundId: string; body: TubeBody; key: string };

/** The last thing that happened at step 2, shown under its field. */
type Feedback =
  | { kind: 'answer'; member: TubeMember; position: number; view: Exclude<CheckView, 'retest_pooled'> | 'offline' }
  | { kind: 'retest_pooled'; member: TubeMember }
  | { kind: 'duplicate'; position: number }
  | { kind: 'full' }
  | { kind: 'error'; text: string }
  | { kind: 'removed'; position: number; name: string };

/** A person waiting for their name: a walk-in (the check's answer), or anyone read while the network is down. */
type Pending = { ref: PersonRef; answer: CheckAnswer | null; collectedAt: string };

/** What happened to a tube, above the steps: sealed, sent, refused (its members back in the tube). */
type Notice = { key: string; type: 'success' | 'info' | 'warning' | 'error'; text: string; highlight: number | null };

type Chosen = { roundId: string | null; siteId: string | null; station: number | null; doorToDoor: boolean; poolSize: PoolSize | null };

const useOnline = () => useSyncExternalStore((l) => onlineManager.subscribe(l), () => onlineManager.isOnline());

let uidSeq = 0;
const uid = () => `m${++uidSeq}`;

export function SamplingStationPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('samplingStation.title'));
  const queryClient = useQueryClient();
  const online = useOnline();

  const rounds = useQuery({ queryKey: OPEN_ROUNDS_KEY, queryFn: ({ signal }) => listOpenRounds(signal), staleTime: 60_000 });
  const sites = useQuery({ queryKey: SITES_KEY, queryFn: ({ signal }) => listSites(signal), staleTime: 300_000 });

  // The set-up: what the collector chose; the single open round, site or station counts as chosen.
  const [chosen, setChosen] = useState<Chosen>({ roundId: null, siteId: null, station: null, doorToDoor: false, poolSize: null });
  const [started, setStarted] = useState(false);
  const [tried, setTried] = useState(false);
  const roundList = rounds.data?.items ?? [];
  const round = roundList.find((r) => r.id === chosen.roundId) ?? (roundList.length === 1 ? roundList[0] : undefined);
  const siteList = siteChoices(sites.data?.items ?? [], round?.communityId);
  const site = siteList.find((s) => s.id === chosen.siteId) ?? (siteList.length === 1 ? siteList[0] : undefined);
  const station = site && chosen.station !== null && chosen.station <= site.stations ? chosen.station : site?.stations === 1 ? 1 : null;
  const poolSize: PoolSize = chosen.poolSize ?? round?.poolSize ?? 10;
  const setup: Setup = { roundId: round?.id ?? null, siteId: site?.id ?? null, station, doorToDoor: chosen.doorToDoor, poolSize };
  const problems = setupProblems(setup, siteList);
  const view: SetupView = { rounds: roundList, sites: siteList, round, site, station, doorToDoor: chosen.doorToDoor, problems };
  const scanning = started && problems.length === 0;

  // The tube being filled: a ref is the truth (the async steps read it), the state draws it.
  const tubeRef = useRef<Tube>(EMPTY_TUBE);
  const [tube, setTube] = useState<Tube>(EMPTY_TUBE);
  const apply = useCallback((a: TubeAction) => {
    tubeRef.current = tubeReducer(tubeRef.current, a);
    setTube(tubeRef.current);
  }, []);
  const setupRef = useRef(setup);
  setupRef.current = setup;
  const siteNameRef = useRef(site?.name ?? '');
  siteNameRef.current = site?.name ?? '';

  const [barcodeText, setBarcodeText] = useState('');
  const [barcodeError, setBarcodeError] = useState<string | null>(null);
  const [rescanning, setRescanning] = useState(false);
  const [personText, setPersonText] = useState('');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const pendingRef = useRef<Pending | null>(null);
  pendingRef.current = pending;
  const [nameText, setNameText] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [recent, setRecent] = useState<RecentTube[]>([]);
  const [sentCount, setSentCount] = useState(0);
  // Sealed tubes not yet answered (and refused ones to put back), in memory only.
  const sealed = useRef(new Map<string, { submission: Submission; members: TubeMember[] }>());

  // Focus: each step done hands the keyboard (the scanner, the reader) to the next field.
  const barcodeInput = useRef<InputRef>(null);
  const personInput = useRef<InputRef>(null);
  const nameInput = useRef<InputRef>(null);
  const [focusTo, setFocusTo] = useState<{ to: 'barcode' | 'person' | 'name'; n: number } | null>(null);
  const focus = (to: 'barcode' | 'person' | 'name') => setFocusTo((f) => ({ to, n: (f?.n ?? 0) + 1 }));
  useEffect(() => {
    if (!focusTo) return;
    const el = focusTo.to === 'barcode' ? barcodeInput.current : focusTo.to === 'person' ? personInput.current : nameInput.current;
    el?.focus();
  }, [focusTo]);
  const stepOne = !tube.barcode || rescanning;
  // A tube on screen: scanned, or people put back from a refused tube waiting for a new barcode.
  const hasTube = tube.barcode !== null || tube.members.length > 0;
  // A scanner typing while nothing has the focus (after a tap elsewhere): its characters go to the current field.
  useEffect(() => {
    if (!scanning) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
      const active = document.activeElement;
      if (active && active !== document.body && active.id !== MAIN_ID) return;
      const target = pendingRef.current ? nameInput.current : stepOne ? barcodeInput.current : personInput.current;
      target?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [scanning, stepOne]);

  const check = useMutation({
    mutationFn: (v: { roundId: string; ref: PersonRef }) => checkPerson(v.roundId, v.ref),
    // Without a network the answer is "no network" at once (the person is then added unchecked), not a wait.
    networkMode: 'always',
  });

  // The handlers of a tube's answer read the page's latest state (a tube answered after the page moved on).
  const onSent = useRef<(r: SubmittedTube, v: Submission) => void>(() => undefined);
  const onRefused = useRef<(e: unknown, v: Submission) => void>(() => undefined);
  const submit = useMutation({
    mutationKey: TUBE_MUTATION_KEY,
    mutationFn: (v: Submission) => submitTube(v.roundId, v.body, v.key),
    retry: retryableSubmission,
    retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
    // The station says itself what waits (待上传 N 管), not the app's notice.
    meta: INLINE_OFFLINE_NOTICE,
    onSuccess: (r, v) => onSent.current(r, v),
    onError: (e, v) => onRefused.current(e, v),
  });
  const inFlight = useMutationState({
    filters: { mutationKey: TUBE_MUTATION_KEY, status: 'pending' },
    select: (m) => ({ key: (m.state.variables as Submission | undefined)?.key ?? '', paused: m.state.isPaused }),
  });
  const pausedKeys = new Set(inFlight.filter((m) => m.paused).map((m) => m.key));
  const waiting = pausedKeys.size;
  const sending = inFlight.length - waiting;
  // Closing the page loses the tubes that wait: the browser asks first.
  useEffect(() => {
    if (inFlight.length === 0) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [inFlight.length]);

  const markRecent = (key: string, outcome: RecentTube['outcome'], members?: TubeMember[]) =>
    setRecent((list) => keepRecent(list.map((x) => (x.key === key ? { ...x, outcome, members } : x))));

  onSent.current = (_r, v) => {
    sealed.current.delete(v.key);
    setSentCount((n) => n + 1);
    markRecent(v.key, { ok: true });
    setNotice((n) => (n?.key === v.key ? { ...n, type: 'success', text: t('samplingStation.submit.sent', { barcode: v.body.barcode, n: v.body.members.length }) } : n));
  };

  onRefused.current = (e, v) => {
    const refusal = tubeRefusal(e);
    const kept = sealed.current.get(v.key);
    const members = kept?.members ?? [];
    const index = refusedMember(e);
    const named = index !== null && members[index] ? { position: index + 1, name: memberName(members[index], t) } : null;
    if (refusal === 'round_closed') void queryClient.invalidateQueries({ queryKey: OPEN_ROUNDS_KEY });
    if (refusal !== 'retry') sealed.current.delete(v.key);
    const now = tubeRef.current;
    const restore = restorable(refusal) && members.length > 0 && now.members.length === 0 && !pendingRef.current;
    markRecent(v.key, { ok: false, refusal, error: e, restored: restore, named }, restore || !restorable(refusal) ? undefined : members);
    const what = refusalText(v.body.barcode, { ok: false, refusal, error: e, restored: restore, named }, t, i18n.language);
    if (restore) {
      apply({ type: 'restore', members, barcode: now.barcode ?? (refusal === 'tube_exists' ? null : v.body.barcode) });
      setRescanning(false);
      const text = refusal === 'tube_exists'
        ? t('samplingStation.submit.tubeExistsRestored', { barcode: v.body.barcode, n: members.length })
        : refusal === 'member' && named
          ? `${what} ${t('samplingStation.submit.memberRestored', { n: members.length, i: named.position })}`
          : `${what} ${t('samplingStation.submit.restored', { n: members.length })}`;
      setNotice({ key: v.key, type: 'warning', text, highlight: refusal === 'member' ? index : null });
      focus(tubeRef.current.barcode ? 'person' : 'barcode');
    } else {
      setNotice({ key: v.key, type: 'error', text: what, highlight: null });
    }
  };

  const restoreFromList = (r: RecentTube) => {
    if (!r.members || tubeRef.current.members.length > 0) return;
    const refusal = r.outcome && !r.outcome.ok ? r.outcome.refusal : 'other';
    apply({ type: 'restore', members: r.members, barcode: tubeRef.current.barcode ?? (refusal === 'tube_exists' ? null : r.barcode) });
    markRecent(r.key, r.outcome && !r.outcome.ok ? { ...r.outcome, restored: true } : r.outcome);
    const named = r.outcome && !r.outcome.ok ? r.outcome.named : null;
    setNotice({
      key: r.key, type: 'warning', highlight: named ? named.position - 1 : null,
      text: named ? t('samplingStation.submit.memberRestored', { n: r.members.length, i: named.position }) : t('samplingStation.submit.restored', { n: r.members.length }),
    });
    focus(tubeRef.current.barcode ? 'person' : 'barcode');
  };

  const retryFromList = (r: RecentTube) => {
    const kept = sealed.current.get(r.key);
    if (!kept) return;
    markRecent(r.key, undefined);
    submit.mutate(kept.submission);
  };

  // ---- the steps ----

  const seal = () => {
    const current = tubeRef.current;
    const s = setupRef.current;
    if (!current.barcode || current.members.length === 0 || !s.roundId) return;
    const body = tubeBody(current, s);
    const key = newTubeKey();
    const submission: Submission = { roundId: s.roundId, body, key };
    sealed.current.set(key, { submission, members: current.members });
    const entry: RecentTube = {
      key, barcode: body.barcode, people: body.members.length, sealedAt: new Date().toISOString(),
      place: s.doorToDoor ? { doorToDoor: true } : { siteName: siteNameRef.current, station: s.station ?? 0 },
    };
    setRecent((list) => keepRecent([entry, ...list]));
    apply({ type: 'clear' });
    setPending(null);
    setRescanning(false);
    setNotice({
      key, type: 'info', highlight: null,
      text: onlineManager.isOnline()
        ? t('samplingStation.submit.sealed', { barcode: body.barcode, n: body.members.length })
        : t('samplingStation.submit.queued', { barcode: body.barcode }),
    });
    submit.mutate(submission);
    focus('barcode');
  };

  const onBarcode = (raw: string) => {
    const r = readBarcode(raw, new Date());
    if (!r.ok) {
      const key = ({ empty: 'empty', format: 'format', looks_like_id: 'looksLikeId', looks_like_code: 'looksLikeCode' } as const)[r.problem];
      setBarcodeError(t(`samplingStation.step1.${key}`));
      setBarcodeText(r.problem === 'looks_like_id' ? '' : raw); // an ID number is not left on screen
      focus('barcode');
      return;
    }
    setBarcodeError(null);
    setBarcodeText('');
    setRescanning(false);
    apply({ type: 'barcode', barcode: r.barcode });
    setFeedback(null);
    // A tube-level message about a used barcode is answered by the new tube.
    setNotice((n) => (n?.type === 'warning' && n.highlight === null ? null : n));
    focus('person');
  };

  const showProblem = (p: AddProblem) => {
    if (p.kind === 'duplicate') setFeedback({ kind: 'duplicate', position: p.position });
    else if (p.kind === 'full') setFeedback({ kind: 'full' });
    else if (p.kind === 'no_barcode') focus('barcode');
  };

  const addMember = (member: TubeMember, v: Exclude<CheckView, 'retest_pooled'> | 'offline') => {
    const before = tubeRef.current;
    apply({ type: 'add', member, poolSize: setupRef.current.poolSize });
    if (tubeRef.current === before) return;
    setFeedback({ kind: 'answer', member, position: tubeRef.current.members.length, view: v });
    if (isFull(tubeRef.current, setupRef.current.poolSize)) seal();
    else focus('person');
  };

  const checkErrorText = (e: unknown) =>
    errorText(e, t, i18n.language, { idNumber: t('samplingStation.fields.idNumber'), code: t('samplingStation.fields.code') });

  const handlePerson = async (raw: string) => {
    const now = new Date();
    const scan = readPerson(raw, now);
    if (scan.kind === 'empty') return setFeedback({ kind: 'error', text: t('samplingStation.step2.empty') });
    if (scan.kind === 'bad_id') return setFeedback({ kind: 'error', text: t('samplingStation.step2.badId', { reason: t(`samplingStation.step2.reasons.${scan.reason}`) }) });
    if (scan.kind === 'barcode') return setFeedback({ kind: 'error', text: t('samplingStation.step2.barcode') });
    if (scan.kind === 'unknown') return setFeedback({ kind: 'error', text: t('samplingStation.step2.unknown') });
    const { ref } = scan;
    const early = addProblem(tubeRef.current, identitiesOf(ref), setupRef.current.poolSize);
    if (early) return showProblem(early);
    const roundId = setupRef.current.roundId;
    if (!roundId) return;
    let answer: CheckAnswer;
    try {
      answer = await check.mutateAsync({ roundId, ref });
    } catch (e) {
      if (isApiError(e) && e.status === 0) {
        // No network: a code is a resident's (added as it is); an ID number needs the name, in case it is a walk-in's.
        if ('code' in ref) addMember(memberOffline(uid(), ref, now.toISOString()), 'offline');
        else {
          setFeedback(null);
          setPending({ ref, answer: null, collectedAt: now.toISOString() });
          setNameText('');
          setNameError(null);
          focus('name');
        }
        return;
      }
      setFeedback({ kind: 'error', text: checkErrorText(e) });
      focus('person');
      return;
    }
    const pool = setupRef.current.poolSize;
    const member = memberFromCheck(uid(), ref, answer, now.toISOString());
    const v = checkView(answer, pool);
    const problem = addProblem(tubeRef.current, member.identities, pool, member.retest);
    if (problem?.kind === 'retest_pooled') {
      setFeedback({ kind: 'retest_pooled', member });
      focus('person');
      return;
    }
    if (problem) return showProblem(problem);
    if (v === 'walk_in') {
      setFeedback(null);
      setPending({ ref, answer, collectedAt: now.toISOString() });
      setNameText('');
      setNameError(null);
      focus('name');
      return;
    }
    addMember(member, v === 'retest_pooled' ? 'retest_single' : v);
  };

  // One scan at a time, in order (a reader may send the next card while the last one is being checked).
  const chain = useRef<Promise<void>>(Promise.resolve());
  const onPerson = (raw: string) => {
    setPersonText('');
    chain.current = chain.current.then(() => handlePerson(raw)).catch(() => undefined);
  };

  const onName = (raw: string) => {
    const p = pendingRef.current;
    if (!p) return;
    const problem = nameProblem(raw);
    if (problem) {
      setNameError(t(`samplingStation.answer.nameProblems.${problem}`));
      if (problem === 'id_number') setNameText('');
      focus('name');
      return;
    }
    const name = raw.trim();
    const member = p.answer ? memberFromCheck(uid(), p.ref, p.answer, p.collectedAt, name) : memberOffline(uid(), p.ref, p.collectedAt, name);
    setPending(null);
    setNameText('');
    setNameError(null);
    const problemNow = addProblem(tubeRef.current, member.identities, setupRef.current.poolSize);
    if (problemNow) {
      showProblem(problemNow);
      focus('person');
      return;
    }
    addMember(member, p.answer ? 'walk_in' : 'offline');
  };

  const cancelPending = () => {
    setPending(null);
    setNameText('');
    setNameError(null);
    focus('person');
  };

  const remove = (m: TubeMember, i: number) => {
    apply({ type: 'remove', uid: m.uid });
    setFeedback({ kind: 'removed', position: i + 1, name: memberName(m, t) });
    setNotice((n) => (n && n.highlight !== null ? { ...n, highlight: null } : n));
    focus('person');
  };

  /** 改成单采: an empty tube becomes a single tube, and the person called back goes into it (and it is sent). */
  const toSingle = (member: TubeMember) => {
    setChosen((c) => ({ ...c, poolSize: 1 }));
    setupRef.current = { ...setupRef.current, poolSize: 1 };
    addMember({ ...member, uid: uid() }, 'retest_single');
  };

  const start = () => {
    setTried(true);
    if (problems.length > 0) return;
    setStarted(true);
    focus(tubeRef.current.barcode ? 'person' : 'barcode');
  };

  // ---- drawing ----

  const answerPanel = feedback && <FeedbackPanel feedback={feedback} poolSize={poolSize} tubeEmpty={tube.members.length === 0} onSingle={toSingle} />;

  return (
    <div className="rx-ss" data-testid="sampling-station">
      <Typography.Title level={1} className="rx-page-title">{t('samplingStation.title')}</Typography.Title>
      <p className="rx-ss-intro">{t('samplingStation.intro')}</p>

      <div className="rx-ss-counter" role="status" data-testid="ss-counter">
        <span data-testid="ss-sent">{t('samplingStation.counter.sent', { n: sentCount })}</span>
        <span className={waiting > 0 ? 'rx-ss-waiting-on' : undefined} data-testid="ss-waiting" data-n={waiting}>{t('samplingStation.counter.waiting', { n: waiting })}</span>
        {sending > 0 && <span data-testid="ss-sending">{t('samplingStation.counter.sending', { n: sending })}</span>}
      </div>
      {(waiting > 0 || (!online && inFlight.length > 0)) && (
        <Alert type="warning" showIcon title={t('samplingStation.counter.waitingHint')} className="rx-ss-alert" data-testid="ss-waiting-hint" />
      )}

      {rounds.isPending || sites.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : rounds.isError || sites.isError ? (
        <ErrorAlert
          error={rounds.error ?? sites.error}
          onRetry={() => {
            void rounds.refetch();
            void sites.refetch();
          }}
        />
      ) : roundList.length === 0 ? (
        <Alert type="info" showIcon title={t('samplingStation.setup.noRound')} data-testid="ss-no-round" className="rx-ss-alert" />
      ) : !scanning ? (
        <SetupForm
          view={view}
          tried={tried}
          roundLocked={tube.members.length > 0}
          onRound={(id) => setChosen((c) => ({ ...c, roundId: id, siteId: null, station: null, poolSize: null }))}
          onSite={(id) => setChosen((c) => ({ ...c, siteId: id, station: null }))}
          onStation={(n) => setChosen((c) => ({ ...c, station: n }))}
          onDoorToDoor={(on) => setChosen((c) => ({ ...c, doorToDoor: on }))}
          onStart={start}
        />
      ) : (
        <>
          <SetupSummary view={view} onChange={() => setStarted(false)} />
          <div className="rx-ss-work">
            <section className="rx-ss-tube" aria-label={t('samplingStation.tube.members')} data-testid="ss-tube">
              <div className="rx-ss-pool">
                <span id="ss-pool-label" className="rx-ss-pool-label">{t('samplingStation.setup.poolSize')}</span>
                <Segmented
                  size="large"
                  value={poolSize}
                  onChange={(v) => setChosen((c) => ({ ...c, poolSize: v as PoolSize }))}
                  options={poolSizeChoices(tube.members.length).map((c) => ({
                    value: c.size,
                    disabled: c.disabled,
                    label: c.size === 1 ? t('samplingStation.setup.pool1') : t('samplingStation.setup.poolN', { n: c.size }),
                  }))}
                  aria-labelledby="ss-pool-label"
                  data-testid="ss-pool"
                />
              </div>
              {notice && (
                <Alert
                  type={notice.type}
                  showIcon
                  role={notice.type === 'warning' || notice.type === 'error' ? 'alert' : 'status'}
                  title={notice.text}
                  closable={{ 'aria-label': t('samplingStation.answer.dismiss') }}
                  onClose={() => setNotice(null)}
                  className="rx-ss-alert"
                  data-testid="ss-notice"
                  data-type={notice.type}
                />
              )}

              {hasTube && (
                <div className="rx-ss-tube-head" data-testid="ss-tube-head">
                  <div className="rx-ss-tube-title">
                    <span data-testid="ss-tube-barcode">{tube.barcode ? t('samplingStation.tube.title', { barcode: tube.barcode }) : t('samplingStation.tube.noBarcode')}</span>
                    <strong className="rx-ss-count" data-testid="ss-count">{t('samplingStation.tube.count', { n: tube.members.length, size: poolSize })}</strong>
                  </div>
                  <div className="rx-ss-slots" aria-hidden>
                    {Array.from({ length: poolSize }, (_, i) => <span key={i} className={i < tube.members.length ? 'rx-ss-slot rx-ss-slot-on' : 'rx-ss-slot'} />)}
                  </div>
                </div>
              )}

              {stepOne ? (
                <ScanField
                  ref={barcodeInput}
                  id="ss-barcode"
                  label={t('samplingStation.step1.label')}
                  hint={t('samplingStation.step1.hint')}
                  placeholder={t('samplingStation.step1.placeholder')}
                  button={t('samplingStation.step1.next')}
                  buttonIcon={<ScanOutlined />}
                  value={barcodeText}
                  onChange={(v) => {
                    setBarcodeText(v);
                    setBarcodeError(null);
                  }}
                  onScan={onBarcode}
                  error={barcodeError}
                  testId="ss-barcode"
                  extra={rescanning && (
                    <div className="rx-ss-rescan">
                      {tube.members.length > 0 && <span className="rx-ss-hint">{t('samplingStation.step1.keep', { n: tube.members.length })}</span>}
                      <Button
                        onClick={() => {
                          setRescanning(false);
                          setBarcodeError(null);
                          focus('person');
                        }}
                        data-testid="ss-rescan-cancel"
                      >
                        {t('samplingStation.step1.cancel')}
                      </Button>
                    </div>
                  )}
                />
              ) : (
                <>
                  <ScanField
                    ref={personInput}
                    id="ss-person"
                    label={t('samplingStation.step2.label')}
                    hint={t('samplingStation.step2.hint')}
                    placeholder={t('samplingStation.step2.placeholder')}
                    button={check.isPending ? t('samplingStation.step2.checking') : t('samplingStation.step2.add')}
                    buttonIcon={<UserAddOutlined />}
                    value={personText}
                    onChange={setPersonText}
                    onScan={onPerson}
                    error={null}
                    busy={check.isPending}
                    disabled={pending !== null}
                    testId="ss-person"
                  />
                  {pending && (
                    <NameForm
                      ref={nameInput}
                      pending={pending}
                      value={nameText}
                      onChange={(v) => {
                        setNameText(v);
                        setNameError(null);
                      }}
                      error={nameError}
                      onSubmit={onName}
                      onCancel={cancelPending}
                    />
                  )}
                </>
              )}
              {!pending && answerPanel}

              {hasTube && (
                <>
                  <h2 className="rx-ss-h2 rx-ss-members-title">{t('samplingStation.tube.members')}</h2>
                  <MemberList members={tube.members} poolSize={poolSize} highlight={notice?.highlight ?? null} onRemove={remove} />
                  <Button
                    type="primary"
                    size="large"
                    block
                    icon={<SendOutlined />}
                    disabled={tube.members.length === 0 || !tube.barcode || pending !== null}
                    onClick={seal}
                    className="rx-ss-seal"
                    data-testid="ss-seal"
                  >
                    {tube.members.length > 0 ? t('samplingStation.tube.sealCount', { n: tube.members.length }) : t('samplingStation.tube.seal')}
                  </Button>
                  <p className="rx-ss-hint">{t('samplingStation.tube.autoSeal', { size: poolSize })}</p>
                  {!stepOne && (
                    <Button
                      icon={<SwapOutlined />}
                      onClick={() => {
                        setRescanning(true);
                        focus('barcode');
                      }}
                      data-testid="ss-rescan"
                    >
                      {t('samplingStation.tube.rescan')}
                    </Button>
                  )}
                </>
              )}
            </section>
            <RecentList
              items={recent}
              paused={pausedKeys}
              canRestore={tube.members.length === 0 && pending === null}
              onRestore={restoreFromList}
              onRetry={retryFromList}
              describe={(r) => refusalText(r.barcode, r.outcome, t, i18n.language)}
            />
          </div>
        </>
      )}
    </div>
  );
}


/** The name of a walk-in (or of anyone read while the network is down): required, then 加入本管. */
function NameForm({ ref, pending, value, onChange, error, onSubmit, onCancel }: {
  ref?: Ref<InputRef>;
  pending: Pending;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const walkIn = pending.answer !== null;
  const idMasked = pending.answer?.person.idMasked ?? localIdMasked(pending.ref) ?? '';
  return (
    <form
      className={walkIn ? 'rx-ss-answer rx-ss-answer-walkin' : 'rx-ss-answer rx-ss-answer-offline'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const input = e.currentTarget.elements.namedItem('ss-name') as HTMLInputElement | null;
        onSubmit(input?.value ?? value);
      }}
      data-testid={walkIn ? 'ss-walkin' : 'ss-offline-name'}
    >
      <div className="rx-ss-answer-title" role="status">{walkIn ? t('samplingStation.answer.walkInTitle') : t('samplingStation.answer.offlineTitle')}</div>
      <p className="rx-ss-answer-line">
        {walkIn ? t('samplingStation.answer.walkInBody', { id: idMasked }) : `${idMasked} · ${t('samplingStation.answer.offlineBody')}`}
      </p>
      <label htmlFor="ss-name" className="rx-ss-name-label">{t('samplingStation.answer.name')}</label>
      <div className="rx-ss-scan-row">
        <Input
          ref={ref}
          id="ss-name"
          name="ss-name"
          size="large"
          className="rx-ss-name-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={t('samplingStation.answer.namePlaceholder')}
          autoComplete="off"
          maxLength={40}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'ss-name-error' : undefined}
          data-testid="ss-name"
        />
        <Button type="primary" size="large" htmlType="submit" icon={<UserAddOutlined />} data-testid="ss-name-submit">{t('samplingStation.answer.addWalkIn')}</Button>
        <Button size="large" onClick={onCancel} data-testid="ss-name-cancel">{t('samplingStation.answer.cancel')}</Button>
      </div>
      {error && <div id="ss-name-error" className="rx-ss-field-error" role="alert" data-testid="ss-name-error">{error}</div>}
    </form>
  );
}

/** The answer to the last scan: who it is (masked name and ID, grid), and what that means for the tube. */
function FeedbackPanel({ feedback, poolSize, tubeEmpty, onSingle }: { feedback: Feedback; poolSize: number; tubeEmpty: boolean; onSingle: (m: TubeMember) => void }) {
  const { t } = useTranslation();
  if (feedback.kind === 'error') {
    return <div className="rx-ss-answer rx-ss-answer-error" role="alert" data-testid="ss-feedback" data-kind="error">{feedback.text}</div>;
  }
  if (feedback.kind === 'duplicate') {
    return <div className="rx-ss-answer rx-ss-answer-error" role="alert" data-testid="ss-feedback" data-kind="duplicate">{t('samplingStation.answer.duplicate', { i: feedback.position })}</div>;
  }
  if (feedback.kind === 'full') {
    return <div className="rx-ss-answer rx-ss-answer-error" role="alert" data-testid="ss-feedback" data-kind="full">{t('samplingStation.answer.full')}</div>;
  }
  if (feedback.kind === 'removed') {
    return <div className="rx-ss-answer" role="status" data-testid="ss-feedback" data-kind="removed">{t('samplingStation.tube.removed', { i: feedback.position, name: feedback.name })}</div>;
  }
  const m = feedback.member;
  const who = (
    <>
      <div className="rx-ss-answer-who">
        <strong className="rx-ss-answer-name" data-testid="ss-answer-name">{memberName(m, t)}</strong> <MemberTags m={m} />
      </div>
      <div className="rx-ss-quiet">
        {m.idMasked && <span className="rx-ss-mono" data-testid="ss-answer-id">{m.idMasked}</span>}
        {m.gridName && <> · <span data-testid="ss-answer-grid">{m.gridName}</span></>}
      </div>
    </>
  );
  if (feedback.kind === 'retest_pooled') {
    return (
      <div className="rx-ss-answer rx-ss-answer-error" role="alert" data-testid="ss-feedback" data-kind="retest_pooled">
        <div className="rx-ss-answer-title">{t('samplingStation.answer.retestTitle')}</div>
        {who}
        <p className="rx-ss-answer-line">{t('samplingStation.answer.retestPooled', { name: memberName(m, t) })}</p>
        <p className="rx-ss-answer-line"><strong>{t('samplingStation.answer.retestHow')}</strong></p>
        {tubeEmpty && poolSize > 1 && (
          <Button danger size="large" onClick={() => onSingle(m)} data-testid="ss-to-single">{t('samplingStation.answer.toSingle')}</Button>
        )}
      </div>
    );
  }
  const { position, view } = feedback;
  const repeat = m.sampledBefore.length > 0;
  const tone = repeat ? 'repeat' : view === 'walk_in' ? 'walkin' : view === 'offline' ? 'offline' : 'ok';
  const title = repeat
    ? t('samplingStation.answer.addedRepeat', { i: position, name: memberName(m, t), times: m.sampledBefore.map((s) => `${time(s.at)} ${s.barcode}`).join('、') })
    : view === 'retest_single'
      ? t('samplingStation.answer.retestSingle', { name: memberName(m, t) })
      : t('samplingStation.answer.added', { i: position, name: memberName(m, t) });
  return (
    <div className={`rx-ss-answer rx-ss-answer-${tone}`} role="status" data-testid="ss-feedback" data-kind="answer" data-view={view}>
      <div className="rx-ss-answer-title">{repeat ? t('samplingStation.answer.repeatTitle') : title}</div>
      {repeat && <p className="rx-ss-answer-line" data-testid="ss-answer-repeat">{title}</p>}
      {who}
      {view === 'offline' && 'code' in m.ref && <p className="rx-ss-answer-line">{t('samplingStation.answer.offlineCode')}</p>}
    </div>
  );
}
