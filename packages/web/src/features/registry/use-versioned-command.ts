import { useState } from 'react';
import { App, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { applyFieldErrors } from './shared';

/** The server's 409 `stale_version`: the record changed since the form loaded it (optimistic concurrency). */
export function isStaleVersion(error: unknown): boolean {
  return isApiError(error) && error.code === 'stale_version';
}

export type CommandAlert = { type: 'warning' | 'error'; title: string };

/**
 * The alert above the form for a failed command that no field error explains: a warning with `staleText` for a stale
 * version (the record has been reloaded; the user checks and tries again), otherwise the error in the UI language.
 */
export function commandAlert(error: unknown, staleText: string, t: TFunction, lang: string): CommandAlert | null {
  if (error === null) return null;
  return isStaleVersion(error) ? { type: 'warning', title: staleText } : { type: 'error', title: errorText(error, t, lang) };
}

/**
 * A registry command on one versioned record, sent from a modal form (status change, household head, move): on success
 * the registry queries are refreshed, `doneText` is shown, `onDone` runs, then `onChanged` and `onClose`; a stale
 * version shows `staleText` and reloads the record through `onChanged` (the modal stays open); server errors naming
 * one of `fields` go under that field, any other error to the alert.
 */
export function useVersionedCommand<V, R>(o: {
  form: FormInstance<V>;
  fields: readonly string[];
  /** Sends the command with the version the record was loaded at. */
  send: (values: V) => Promise<R>;
  doneText: string;
  staleText: string;
  onDone?: (result: R) => void;
  onChanged: () => void;
  onClose: () => void;
}): { submit: (values: V) => void; pending: boolean; alert: CommandAlert | null } {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: o.send,
    onMutate: () => setError(null),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(o.doneText);
      o.onDone?.(result);
      o.onChanged();
      o.onClose();
    },
    onError: (e) => {
      if (isStaleVersion(e)) {
        setError(e);
        o.onChanged();
        return;
      }
      if (!applyFieldErrors(o.form, e, i18n.language, o.fields)) setError(e);
    },
  });
  return { submit: (values) => mutation.mutate(values), pending: mutation.isPending, alert: commandAlert(error, o.staleText, t, i18n.language) };
}
