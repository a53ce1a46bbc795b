import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { i18n } from '../i18n';
import { MfaDialog } from './mfa-dialog';
import { StepUpDialog } from './step-up-dialog';
import { useIsMobile } from './use-is-mobile';
import { useReducedMotion } from './use-reduced-motion';
import { PHONE_DAY_CELL_WIDTH } from './date-picker.logic';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Client errors (4xx) will not change on retry; network and 5xx errors get one more try.
        retry: (count, error) => count < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

// Darker primary than antd's default so white-on-primary text meets WCAG AA contrast. Likewise the grey of secondary
// text (Typography type="secondary", descriptions' labels, placeholders, counters, form hints): antd's rgba(0,0,0,0.45)
// is 3.4:1 on white; 0.56 is 4.8:1 on white and on the light greys of the layout (WCAG 1.4.3, axe color-contrast,
// specs/accessibility.test.ts). Disabled text (colorTextDisabled) is exempt and stays as antd has it.
const SECONDARY_TEXT = 'rgba(0, 0, 0, 0.56)';
const baseTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // Hovered and pressed: darker still, not antd's lighter derived shades. White on antd's hover blue (#2e7ae6) is
    // 4.2:1 and a hovered link (#579df2) 2.8:1 on white; the mouse rests on a button after every click, so that is the
    // colour the button shows. Blue 8 and 9 of antd's palette: 9.0:1 and 12:1.
    colorPrimaryHover: '#003eb3',
    colorPrimaryTextHover: '#003eb3',
    colorLinkHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorPrimaryTextActive: '#002c8c',
    colorLinkActive: '#002c8c',
    borderRadius: 6,
    fontSize: 15,
    colorTextTertiary: SECONDARY_TEXT,
    colorTextDescription: SECONDARY_TEXT,
    colorTextPlaceholder: SECONDARY_TEXT,
    // Danger buttons, form errors: antd's #ff4d4f is 3.3:1 on white (and under white text); red-7 is 5.6:1.
    colorError: '#cf1322',
    // The text of light tags (<Tag color="orange">…) is shade 7 of the palette on shade 1: orange, gold, green and
    // volcano fall short of 4.5:1 there; one shade darker (gold: two) passes. Both spellings of each key: they name the
    // same CSS variable (--ant-orange-7), and the one not overridden would win.
    // Cyan (婴幼儿 care tags) 3.4:1 → 5.8:1; lime (no tag uses it yet) 2.5:1 → 6.6:1, two shades darker.
    ...darkerShade7({ orange: '#ad4e00', gold: '#874d00', green: '#237804', volcano: '#ad2102', cyan: '#006d75', lime: '#3f6600' }),
  },
  components: {
    // An empty table's message ("还没有发放过接入密钥") is text to read, not a disabled control: antd greys it with
    // colorTextDisabled (1.8:1).
    Table: { colorTextDisabled: SECONDARY_TEXT },
    // Status tags (<Tag color="processing|success|warning">, e.g. a warning's 已确认 / 已处置) take their text colour from
    // colorInfo, colorSuccess and colorWarning, on the matching light background: antd's are 3.7:1, 2.2:1 and 1.8:1.
    // Darker shades for tags only (5.5:1, 5.4:1, 6.5:1); icons and badges elsewhere keep antd's colours.
    Tag: { colorInfo: '#0958d9', colorSuccess: '#237804', colorWarning: '#874d00' },
  },
};

function darkerShade7(colors: Record<'orange' | 'gold' | 'green' | 'volcano' | 'cyan' | 'lime', string>): ThemeConfig['token'] {
  const token: Record<string, string> = {};
  for (const [name, value] of Object.entries(colors)) {
    token[`${name}7`] = value;
    token[`${name}-7`] = value;
  }
  return token;
}

// Phones: 44px+ touch targets and 16px text (also stops iOS zooming into inputs).
const mobileTheme: ThemeConfig = {
  token: { ...baseTheme.token, fontSize: 16, controlHeight: 44, controlHeightLG: 48, controlHeightSM: 36 },
  components: {
    ...baseTheme.components, Menu: { itemHeight: 52 }, Table: { ...baseTheme.components?.Table, cellPaddingBlock: 14 },
    // Every day picker's calendar fits a 390 px screen (date-picker.logic.ts).
    DatePicker: { ...baseTheme.components?.DatePicker, cellWidth: PHONE_DAY_CELL_WIDTH },
  },
};

function ThemedApp({ children }: { children: ReactNode }) {
  const { i18n: instance } = useTranslation();
  const isMobile = useIsMobile();
  const reducedMotion = useReducedMotion();
  const theme = isMobile ? mobileTheme : baseTheme;
  return (
    <ConfigProvider
      locale={instance.language === 'en' ? enUS : zhCN}
      theme={reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme}
      componentSize={isMobile ? 'large' : 'middle'}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        {children}
        <MfaDialog />
        <StepUpDialog />
      </AntApp>
    </ConfigProvider>
  );
}

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <ThemedApp>{children}</ThemedApp>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
