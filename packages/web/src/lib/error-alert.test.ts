import i18next from 'i18next';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { ErrorAlert } from './error-alert';

// The one error banner (lib/error-alert.tsx), drawn with the app's real texts. A card that names what failed
// (删除证明加载失败) passes `title`: the server's message and the request id must still be shown under it, and the retry
// button must still follow isRetryable (errors.logic.ts) — a card's own title must not hide why the request failed.

type Props = Parameters<typeof ErrorAlert>[0];

async function draw(props: Props, lng = 'zh-CN') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng, fallbackLng: 'zh-CN', interpolation: { escapeValue: false } });
  const html = renderToString(createElement(I18nextProvider, { i18n }, createElement(ErrorAlert, props)));
  // What follows the description's opening tag: its lines as `<div>`s (with a title), else one bare text.
  const after = html.split('<div class="ant-alert-description">')[1] ?? '';
  const description = after.startsWith('<div>')
    ? [...(after.match(/^(?:<div>.*?<\/div>)+/)?.[0] ?? '').matchAll(/<div>(.*?)<\/div>/g)].map((m) => m[1])
    : after ? [after.slice(0, after.indexOf('</div>'))] : [];
  return {
    html,
    title: html.match(/<div class="ant-alert-title">(.*?)<\/div>/)?.[1],
    description,
    /** The retry button, by its label (the network message also says 重试, so the button itself is looked for). */
    retry: html.match(/<div class="ant-alert-actions"><button[^>]*>.*?<span>([^<]*)<\/span><\/button>/)?.[1],
  };
}

const unavailable = new ApiError({ status: 503, code: 'unavailable', messageZh: '服务暂不可用', messageEn: 'Service unavailable', requestId: 'req-503' });
const serverError = new ApiError({ status: 500, code: 'internal', messageZh: '服务器内部错误', messageEn: 'Internal server error', requestId: 'req-500' });
const network = new ApiError({ status: 0, code: 'network_error' });
const badInput = new ApiError({
  status: 400,
  code: 'validation_failed',
  messageZh: '请求参数有误：to 结束时间不能早于开始时间',
  messageEn: 'Invalid request: to must not be before from',
  requestId: 'req-400',
});
const retry = () => undefined;

describe('ErrorAlert with a title of its own', () => {
  it('shows the title, then the server message and the request id as two lines under it', async () => {
    const a = await draw({ error: serverError, title: '删除证明加载失败', onRetry: retry });
    expect(a.title).toBe('删除证明加载失败');
    expect(a.description).toEqual(['服务器内部错误', '请求编号：req-500']);
    expect(a.html).toContain('role="alert"');
  });

  it('in English: the server message in the user’s language', async () => {
    const a = await draw({ error: unavailable, title: 'Could not load the checkpoints', onRetry: retry }, 'en');
    expect(a.title).toBe('Could not load the checkpoints');
    expect(a.description).toEqual(['Service unavailable', 'Request ID: req-503']);
    expect(a.retry).toBe('Retry');
  });

  it('offers 重试 for a server failure and for a network failure', async () => {
    expect((await draw({ error: serverError, title: '检查点加载失败', onRetry: retry })).retry).toBe('重试');
    const offline = await draw({ error: network, title: '检查点加载失败', onRetry: retry });
    expect(offline.retry).toBe('重试');
    // A network failure has no request id: only the message under the title.
    expect(offline.description).toEqual(['网络连接失败，请检查网络后重试。']);
  });

  it('no 重试 for a refused request (400): sending it again gets the same answer', async () => {
    const a = await draw({ error: badInput, title: '检查点加载失败', onRetry: retry });
    expect(a.title).toBe('检查点加载失败');
    expect(a.description).toEqual(['请求参数有误：to 结束时间不能早于开始时间', '请求编号：req-400']);
    expect(a.retry).toBeUndefined();
    expect(a.html).not.toContain('ant-alert-actions');
  });

  it('no 重试 without onRetry, even for a failure a retry could mend', async () => {
    expect((await draw({ error: serverError, title: '检查点加载失败' })).retry).toBeUndefined();
  });
});

describe('ErrorAlert without a title (as before)', () => {
  it('the server message is the title and the request id the description', async () => {
    const a = await draw({ error: unavailable, onRetry: retry });
    expect(a.title).toBe('服务暂不可用');
    expect(a.description).toEqual(['请求编号：req-503']);
    expect(a.retry).toBe('重试');
  });
  it('keeps the page’s style and class on the banner', async () => {
    const a = await draw({ error: badInput, style: { maxWidth: 720 }, className: 'rx-sr-alert' });
    expect(a.html).toMatch(/^<div[^>]*class="[^"]*\brx-sr-alert\b[^"]*"[^>]*style="margin-bottom:12px;max-width:720px"/);
    expect(a.retry).toBeUndefined();
  });
});
