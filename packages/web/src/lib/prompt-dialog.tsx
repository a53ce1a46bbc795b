import { useState, type CSSProperties, type ReactNode } from 'react';
import { Form, Input, type ModalProps } from 'antd';
import { Modal } from './dialog';
import { useFocusReturn } from './dialog-focus';
import { useMutation } from './single-flight';

/**
 * A dialog only its own buttons close: no ×, no click on the backdrop, no Esc. For what must be answered before the page
 * goes on (the idle sign-out's warning, signing in again). Gives the focus back where it was when it closes.
 */
export function BlockingModal({ title, footer, children, styles }: Pick<ModalProps, 'title' | 'footer' | 'styles'> & { children: ReactNode }) {
  useFocusReturn();
  return (
    <Modal open title={title} footer={footer} styles={styles} closable={false} mask={{ closable: false }} keyboard={false}>
      {children}
    </Modal>
  );
}

/**
 * The password field of a dialog that asks for the signed-in user's own password again (signing in again, the step-up
 * before more personal data). Focused when the dialog opens; `id` is also its test id. Submitting is the form's: Enter
 * submits the enclosing Form once (the field has no Enter handler of its own, which sent two logins, ADR 0066).
 */
export function PasswordPromptField({ id, label, value, onChange, style }: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  style?: CSSProperties;
}) {
  return (
    <Form.Item label={label} htmlFor={id} style={{ marginBottom: 8 }}>
      <Input.Password
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="current-password"
        autoFocus
        maxLength={256}
        style={style}
        data-testid={id}
      />
    </Form.Item>
  );
}

/**
 * The state of a dialog that asks for one typed secret before it goes on (the user's own password when signing in again
 * or stepping up, a one-time code): the field's value, the message under it, and `submit` — `accept` turns what was
 * typed into what is sent, or null when it cannot be sent (the message is then `invalid`); otherwise `send` runs once at
 * a time (the app's single-flight useMutation: Enter in the field submits the form once, a quick second click joins the
 * request under way — a code or password sent twice counted as a wrong one). A refusal empties the field and shows
 * `errorOf`'s message. `setError` is for a message from elsewhere in the dialog (a setup step that failed).
 */
export function useSecretPrompt<R>(o: {
  send: (value: string) => Promise<R>;
  accept: (typed: string) => string | null;
  invalid: string;
  onSuccess: (result: R) => void;
  errorOf: (e: unknown) => string;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (accepted: string) => o.send(accepted),
    onSuccess: o.onSuccess,
    onError: (e) => {
      setValue('');
      setError(o.errorOf(e));
    },
  });
  const submit = () => {
    const accepted = o.accept(value);
    if (accepted === null) {
      setError(o.invalid);
      return;
    }
    setError(null);
    mutation.mutate(accepted);
  };
  return { value, setValue, error, setError, submit, pending: mutation.isPending };
}

/** useSecretPrompt for the user's own password: an empty field says `required`; the password is sent as typed. */
export function usePasswordPrompt<R>(o: { send: (password: string) => Promise<R>; required: string; onSuccess: (result: R) => void; errorOf: (e: unknown) => string }) {
  const { value, setValue, ...rest } = useSecretPrompt({ ...o, accept: (typed) => typed || null, invalid: o.required });
  return { password: value, setPassword: setValue, ...rest };
}
