import { Suspense, useEffect, useMemo, useState, type ComponentType } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, type MenuProps } from 'antd';
import { BackClosesDialogs, Drawer } from '../lib/dialog';
import { KeyOutlined, LaptopOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../auth/session';
import { roleLabel } from '../lib/labels';
import { FullPageLoading } from '../pages/full-page';
import { NotificationBell } from '../features/warnings';
import { NoticeGate } from '../features/notice';
import { ExportsPendingBadge, MinorsPendingBadge } from '../features/registry';
import { LanguageSwitch } from './language-switch';
import { selectedMenuKey, visibleMenu } from './menu';
import { useIsMobile } from './use-is-mobile';
import { ScreenWatermark } from './screen-watermark';
import { useDrawerFocus } from '../lib/dialog-focus';
import { focusMain, useFocusOnNewPage } from './page-focus';
import { warmUp } from '../lib/warm-up';
import { loadMfaModal } from './mfa-dialog';
import { loadStepUpModal } from './step-up-dialog';
import { SessionGuard } from '../auth/session-guard';
import { OfflineNotice } from './offline-notice';

function Brand({ collapsed = false }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="rx-brand">
      <img src="/favicon.svg" alt="" />
      {!collapsed && <span>{t('app.name')}</span>}
    </div>
  );
}

/** The menu entries that count the requests waiting for the caller (each badge checks its own permission). */
const MENU_BADGES: Partial<Record<string, ComponentType>> = { registryMinors: MinorsPendingBadge, registryExports: ExportsPendingBadge };

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const entries = useMemo(() => visibleMenu(me.permissions, me.role, me.mustChangePassword === true), [me.permissions, me.role, me.mustChangePassword]);
  const selected = selectedMenuKey(location.pathname, entries);
  const items: MenuProps['items'] = entries.map((entry) => {
    const Icon = entry.icon;
    // An entry whose page holds requests waiting for the caller shows how many (ADR 0035: minors; exports).
    const Pending = MENU_BADGES[entry.key];
    const label = Pending ? <>{t(entry.labelKey)}<Pending /></> : t(entry.labelKey);
    return { key: entry.key, icon: <Icon />, label };
  });
  return (
    <nav aria-label={t('menu.nav')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        onClick={({ key }) => {
          const entry = entries.find((e) => e.key === key);
          if (entry) void navigate(entry.path);
          onNavigate?.();
          // The user asked for that page: the keyboard and the screen reader go on from its content, not the menu.
          if (entry && !onNavigate) focusMain();
        }}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword') },
    // 登录设备 (ADR 0026); not while a one-time password must be replaced (every other API answers 403 then).
    ...(me.mustChangePassword ? [] : [{ key: 'devices', icon: <LaptopOutlined />, label: t('user.devices') }]),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), danger: true },
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'password') void navigate('/account/password');
          if (key === 'devices') void navigate('/account/devices');
          if (key === 'logout') logout.mutate();
        },
      }}
    >
      {/* The name includes what the button shows (name and role), as WCAG 2.5.3 asks (axe label-content-name-mismatch). */}
      <Button type="text" aria-label={`${t('user.menu')}: ${me.displayName} ${roleLabel(me.role, t)}`} data-testid="user-menu" style={{ paddingInline: 8 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#0958d9' }} />
        {!compact && (
          <span>
            {me.displayName}
            <span style={{ color: 'rgba(0,0,0,0.56)', marginInlineStart: 6 }}>{roleLabel(me.role, t)}</span>
          </span>
        )}
      </Button>
    </Dropdown>
  );
}

/** The signed-in layout. Staff screens carry a watermark with the account and the time (SECURITY.md §5 T1, ADR 0040). */
export function AppLayout() {
  // The second-factor and password dialogs load when first needed (ADR 0064); signed in, they are fetched ahead.
  useEffect(() => warmUp([loadMfaModal, loadStepUpModal]), []);
  return (
    <ScreenWatermark>
      <AppFrame />
      <SessionGuard />
      <OfflineNotice />
      <BackClosesDialogs />
    </ScreenWatermark>
  );
}

function AppFrame() {
  const me = useMe();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawerFocus = useDrawerFocus();
  const [navigated, setNavigated] = useState(false);
  useFocusOnNewPage();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="rx-skip-link" href="#main">
        {t('app.skipToMain')}
      </a>
      {!isMobile && (
        <Layout.Sider
          theme="light"
          width={220}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          // Sticky: on a long page (audit log, 体温自报) the menu stays in view instead of scrolling away above an empty column.
          // The menu scrolls inside the sider's children (rx-app-sider in styles.css), above the collapse button: when the
          // sider itself scrolled, the entries below the fold lay under that button and could not be reached.
          className="rx-app-sider"
          style={{ borderInlineEnd: '1px solid #e5e8ee', position: 'sticky', top: 0, height: '100vh' }}
        >
          <Brand collapsed={collapsed} />
          <NavMenu />
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          {...drawerFocus}
          // Closed by a choice in the menu: the chosen page's content takes the focus, as a menu choice does on a
          // wide screen — not the menu button, where the drawer gives it back otherwise.
          focusable={{ focusTriggerAfterClose: !navigated }}
          afterOpenChange={(open) => {
            drawerFocus.afterOpenChange(open);
            if (!open && navigated) {
              focusMain();
              setNavigated(false);
            }
          }}
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          title={<Brand />}
          closable={{ 'aria-label': t('menu.close') }}
          styles={{ body: { padding: 0 }, header: { padding: '0 8px 0 16px' } }}
        >
          <NavMenu onNavigate={() => { setNavigated(true); setDrawerOpen(false); }} />
        </Drawer>
      )}
      <Layout>
        <Layout.Header className="rx-header">
          {isMobile && (
            <Button
              type="text"
              size="large"
              icon={<MenuOutlined />}
              aria-label={t('menu.open')}
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-toggle"
            />
          )}
          <div className="rx-header-title" data-testid="org-name" title={me.org.name}>
            {me.org.name}
          </div>
          {/* Until a one-time password is replaced every other API answers 403 (ADR 0017): no bell. */}
          {!me.mustChangePassword && <NotificationBell />}
          <LanguageSwitch compact={isMobile} />
          <UserMenu compact={isMobile} />
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="rx-content">
          <Suspense fallback={<FullPageLoading />}>
            <Outlet />
          </Suspense>
          {/* Residents read the current processing notice once (PRIV-03, ADR 0029); staff are never asked. */}
          <NoticeGate />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
