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

// Darker primary than antd's default so white-on-primary text meets WCAG AA contrast.
const baseTheme: ThemeConfig = {
  token: { colorPrimary: '#0958d9', colorLink: '#0958d9', borderRadius: 6, fontSize: 15 },
};

// Phones: 44px+ touch targets and 16px text (also stops iOS zooming into inputs).
const mobileTheme: ThemeConfig = {
  token: { ...baseTheme.token, fontSize: 16, controlHeight: 44, controlHeightLG: 48, controlHeightSM: 36 },
  components: { Menu: { itemHeight: 52 }, Table: { cellPaddingBlock: 14 } },
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
