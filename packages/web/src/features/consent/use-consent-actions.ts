// Give / withdraw a consent to care services from the resident portal (我的信息): the resident's own (ADR 0033) and a
// guardian's for their child under 14 (ADR 0039) behave the same — a ticked agreement, a toast, a refresh, and a
// refresh when the processing notice changed meanwhile (the server answers notice_version_mismatch).
import { useState } from 'react';
import { App } from 'antd';
import { useMutation } from '../../lib/single-flight';
import { isApiError } from '../../api/client';

/** Tag colour of a consent state. */
export const CONSENT_STATE_COLOR = { given: 'green', toConfirm: 'orange', none: 'default' } as const;

export function useConsentActions(o: {
  give: (noticeVersion: string) => Promise<unknown>;
  withdraw: () => Promise<unknown>;
  /** Toasts, already in the UI language. */
  givenText: string;
  withdrawnText: string;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [agreed, setAgreed] = useState(false);
  const give = useMutation({
    mutationFn: o.give,
    onSuccess: () => {
      setAgreed(false);
      void message.success(o.givenText);
      o.onChanged();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'notice_version_mismatch') o.onChanged();
    },
  });
  const withdraw = useMutation({
    mutationFn: o.withdraw,
    onSuccess: () => {
      void message.success(o.withdrawnText);
      o.onChanged();
    },
  });
  return { agreed, setAgreed, give, withdraw, error: give.error ?? withdraw.error };
}
