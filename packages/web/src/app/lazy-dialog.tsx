import { Component, Suspense, type ReactNode } from 'react';

type Props = { onFail: () => void; children: ReactNode };

/**
 * Around a dialog whose code loads when it is first needed (ADR 0064): while it loads nothing shows (the request that
 * needs it waits); if it cannot load (the server was updated and the old chunk is gone, or the network dropped), the
 * dialog counts as cancelled — the waiting request fails with its own message — instead of the error taking the whole
 * app down. The new-version reload (lib/new-version.ts) still reloads the page for a missing chunk.
 */
export class LazyDialog extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(): void {
    this.props.onFail();
  }

  override render(): ReactNode {
    return this.state.failed ? null : <Suspense fallback={null}>{this.props.children}</Suspense>;
  }
}
