// Pieces shared by the resident page (今日体温) and the staff page (体温自报): the temperature field with
// +/− buttons, the symptom tiles, labels, and a submit hook that reuses one Idempotency-Key across retries.
import { useEffect, useRef, type ReactNode } from 'react';
import { Tag } from 'antd';
import { CheckOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '../../lib/single-flight';
import { INLINE_OFFLINE_NOTICE } from '../../app/offline-notice.logic';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import { newIdempotencyKey, submitSelfReport, SYMPTOMS, type Channel, type FollowUpStatus, type SubmitBody, type SubmitResult, type Symptom } from './api';
import { formatTemperature, stepTemperature } from './temperature';
import './self-reports.css';

export { shanghaiToday } from '../../lib/shanghai-time';

export function symptomLabel(s: string, t: TFunction): string {
  return (SYMPTOMS as readonly string[]).includes(s) ? t(`selfReports.symptoms.${s as Symptom}`) : s;
}

export function symptomsText(list: readonly string[], t: TFunction, none: string): string {
  return list.length ? list.map((s) => symptomLabel(s, t)).join('、') : none;
}

export function channelLabel(c: Channel | string, t: TFunction): string {
  return c === 'self' || c === 'household' || c === 'door_to_door' ? t(`selfReports.channels.${c}`) : c;
}

const FOLLOW_UP_COLORS: Record<FollowUpStatus, string> = { none: 'default', open: 'orange', done: 'green' };

export function FollowUpTag({ status }: { status: FollowUpStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={FOLLOW_UP_COLORS[status] ?? 'default'} data-testid="follow-up-status">
      {t(`selfReports.followUp.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function TemperatureValue({ value, fever }: { value: number; fever: boolean }) {
  const { t } = useTranslation();
  return <span className={fever ? 'rx-sr-temp rx-sr-temp-fever' : 'rx-sr-temp'}>{t('selfReports.degrees', { t: formatTemperature(value) })}</span>;
}

/** Big temperature field: − [ 36.5 ] °C +. Numeric keypad on phones; accepts "36,5". */
export function TemperatureField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  disabled?: boolean;
  /** 'huge' on the resident page, 'large' in the staff dialog. */
  size?: 'huge' | 'large';
}) {
  const { t } = useTranslation();
  const { id, value, onChange, error, disabled, size = 'huge' } = props;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const input = useRef<HTMLInputElement>(null);
  // A refused value: bring the field and its message into view and put the cursor there to correct it.
  useEffect(() => {
    if (!error || !input.current) return;
    input.current.scrollIntoView({ block: 'center' });
    input.current.focus({ preventScroll: true });
  }, [error]);
  return (
    <div className={`rx-sr-field rx-sr-field-${size}`}>
      <label htmlFor={id} className="rx-sr-question">
        {t('selfReports.field.label')}
      </label>
      <p id={hintId} className="rx-sr-hint">
        {t('selfReports.field.hint')}
      </p>
      <div className={error ? 'rx-sr-temp-row rx-sr-temp-row-error' : 'rx-sr-temp-row'}>
        <button
          type="button"
          className="rx-sr-step"
          aria-label={t('selfReports.field.minus')}
          disabled={disabled}
          onClick={() => onChange(stepTemperature(value, -1))}
        >
          <MinusOutlined aria-hidden />
        </button>
        <div className="rx-sr-temp-box">
          <input
            ref={input}
            id={id}
            className="rx-sr-temp-input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            enterKeyHint="done"
            maxLength={6}
            value={value}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(e) => onChange(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
          <span className="rx-sr-unit" aria-hidden>
            {t('selfReports.field.unit')}
          </span>
        </div>
        <button
          type="button"
          className="rx-sr-step"
          aria-label={t('selfReports.field.plus')}
          disabled={disabled}
          onClick={() => onChange(stepTemperature(value, 1))}
        >
          <PlusOutlined aria-hidden />
        </button>
      </div>
      {error && (
        <div id={errorId} className="rx-sr-field-error" role="alert" data-testid="temperature-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** Symptom tiles: real checkboxes inside big labels (easy to hit, read out by screen readers). */
export function SymptomTiles({ value, onChange, disabled, legend }: { value: Symptom[]; onChange: (v: Symptom[]) => void; disabled?: boolean; legend?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <fieldset className="rx-sr-fieldset">
      <legend className="rx-sr-question">{legend ?? t('selfReports.symptomsQuestion')}</legend>
      <p className="rx-sr-hint">{t('selfReports.symptomsHint')}</p>
      <div className="rx-sr-tiles">
        {SYMPTOMS.map((s) => {
          const checked = value.includes(s);
          return (
            <label key={s} className={checked ? 'rx-sr-tile rx-sr-tile-on' : 'rx-sr-tile'}>
              <input
                type="checkbox"
                checked={checked}
                disabled={disabled}
                onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
              />
              <span className="rx-sr-tile-mark" aria-hidden>
                {checked && <CheckOutlined />}
              </span>
              <span>{symptomLabel(s, t)}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The detail message for the temperature field, if the server refused the value (400, path `temperature`). */
export function temperatureError(error: unknown, lang: string): string | null {
  if (!isApiError(error)) return null;
  const d = error.details.find((x) => x.path === 'temperature' || x.path.endsWith('.temperature'));
  if (!d) return null;
  return detailText(d, lang) || null;
}

/** Network trouble and server hiccups may be retried with the same key; anything else is a final answer. */
function retryable(error: unknown): boolean {
  return isApiError(error) && (error.status === 0 || error.status >= 500 || error.code === 'idempotency_in_flight');
}

/**
 * Submits a report with an Idempotency-Key. The key is kept while the same report is retried (automatically
 * twice on network errors, then by the person pressing 再试一次) and dropped once the server has answered.
 */
export function useSubmitReport(onDone: (result: SubmitResult, body: SubmitBody) => void) {
  const pending = useRef<{ key: string; signature: string } | null>(null);
  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: SubmitBody; key: string }) => submitSelfReport(body, key),
    retry: (count, error) => count < 2 && isApiError(error) && error.status === 0,
    retryDelay: (attempt) => 1000 * 2 ** attempt,
    // The report and door-to-door forms say beside their button that it goes out by itself (not the app's notice).
    meta: INLINE_OFFLINE_NOTICE,
  });
  const submit = (body: SubmitBody) => {
    const signature = JSON.stringify(body);
    if (!pending.current || pending.current.signature !== signature) pending.current = { key: newIdempotencyKey(), signature };
    mutation.mutate(
      { body, key: pending.current.key },
      {
        onSuccess: (result) => {
          pending.current = null;
          onDone(result, body);
        },
        onError: (error) => {
          if (!retryable(error)) pending.current = null;
        },
      },
    );
  };
  /** Whether the last failure can be retried as the same submission (shows 再试一次). */
  const canRetry = mutation.isError && retryable(mutation.error);
  return { submit, mutation, canRetry };
}

/** Message for a failed submission that is not about the temperature field. */
export function submitErrorText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error)) {
    if (error.status === 0) return t('selfReports.resident.network');
    if (error.code === 'idempotency_in_flight') return t('selfReports.resident.inFlight');
  }
  return errorText(error, t, lang);
}
