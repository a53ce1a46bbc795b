import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Watermark, type WatermarkRef } from 'antd';
import { useMe } from '../auth/session';
import { msUntilNextMinute, watermarkLines } from './screen-watermark.logic';
import { guardWatermark } from './watermark-guard';

/** The current time, updated at each full minute (and when the tab becomes visible again after a pause). */
function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setTimeout(() => setNow(new Date()), msUntilNextMinute(now));
    return () => window.clearTimeout(timer);
  }, [now]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') setNow(new Date());
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  return now;
}

/**
 * The screen watermark of the signed-in layout (SECURITY.md §5 T1, ADR 0040): antd's Watermark tiles the account's
 * login name, organisation and the current minute over the whole layout — and over dialogs and drawers opened from it
 * (antd's watermark context). The mark ignores the pointer (clicks go through), is kept when printing
 * (`print-color-adjust: exact` on `.rx-watermark`, styles.css), and antd re-creates it when it is removed or its
 * attributes are changed (a class, `hidden`, a style) — with guardWatermark behind it for the changes antd misses. Residents' pages carry none (watermarkLines).
 */
export function ScreenWatermark({ children }: { children: ReactNode }) {
  const me = useMe();
  const now = useMinute();
  const lines = watermarkLines(me, now);
  const ref = useRef<WatermarkRef>(null);
  const text = lines?.join(' | ') ?? '';
  // What the mark says, also as an attribute of its container (the mark itself is a canvas image): the browser suite
  // and anyone inspecting the page can read it.
  useEffect(() => {
    ref.current?.nativeElement?.setAttribute('data-watermark', text);
  }, [text]);
  // antd's own repair of a removed or hidden mark can miss a change (watermark-guard.ts); the guard catches it.
  const marked = lines !== null;
  useEffect(() => {
    const container = ref.current?.nativeElement;
    return marked && container ? guardWatermark(container) : undefined;
  }, [marked]);
  if (!lines) return <>{children}</>;
  return (
    <Watermark
      ref={ref}
      className="rx-watermark"
      content={lines}
      // Faint: readable on a photo, not in the way of the page's own text.
      font={{ color: 'rgba(0, 0, 0, 0.09)', fontSize: 14 }}
      gap={[120, 110]}
      // The layout's sticky header and registry tree need a container that is not a scroll container.
      style={{ overflow: 'visible' }}
    >
      {children}
    </Watermark>
  );
}
