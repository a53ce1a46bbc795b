import { Button, Card, Col, Collapse, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { visibleMenu } from '../app/menu';
import { OverviewCard } from '../features/overview';
import { EmergencyStateTag } from '../features/emergencies';
import { ReportingAreasCard, ReportingTodayCard } from '../features/self-reports';
import { OpenWarningsCard } from '../features/warnings';
import { DutyOpenItemsCard } from '../features/duty-log';
import { MyRollCallsCard, useMyRollCallsOpen } from '../features/roll-call';
import { ControlPointsAttentionCard, useControlPointsAttention } from '../features/control-points';
import { MyLaneReportsCard } from '../features/emergency-infra';
import { MyAnnouncementsCard } from '../features/public-info';
import { MySamplingCard } from '../features/sampling-station';
import { MyQuarantineCard, useMyQuarantineOpen } from '../features/quarantine';
import { MyHealthCodeCard } from '../features/health-codes';
import { MyOffersCard, useMyOffersOpen } from '../features/supplies';
import { MySurveysCard, useMySurveysOpen } from '../features/surveys';
import { MyVolunteeringCard } from '../features/volunteers';
import { MyTasksCard } from '../features/tasks';
import { approvalQueues, PendingApprovalsCard, useApprovalsWaiting } from '../features/registry';
import { useMe } from '../auth/session';
import { orgLevelLabel, roleLabel } from '../lib/labels';
import { usePageTitle } from '../app/use-page-title';
import { permissionName, permissionsByPage } from './permission-names';

export function DashboardPage() {
  const me = useMe();
  const { t, i18n } = useTranslation();
  usePageTitle(t('dashboard.title'));
  const navigate = useNavigate();
  const shortcuts = visibleMenu(me.permissions, me.role).filter((entry) => entry.path !== '/');
  // What needs doing first comes first: today's temperature reports and the open warnings of the area.
  const reporting = me.permissions.includes('self-report:read');
  const warnings = me.permissions.includes('warning:read');
  const todaySpan = reporting && warnings ? 12 : 24;
  // 待我审批: only for those who decide exports or minors' data requests (others wait on them).
  const approvals = approvalQueues(me).length > 0;
  // When a request waits for this person's decision, 待我审批 comes first on every screen: someone else's work waits
  // on it (street staff's area figures are long, and it used to sit below them). With nothing waiting, after them.
  const approvalsFirst = useApprovalsWaiting();
  const dutyLog = me.permissions.includes('duty-log:write');
  // Nothing waits for a decision: 待我审批 and the duty log's card, both short, share a row on a wide screen.
  const pairSpan = approvals && dutyLog && !approvalsFirst ? 12 : 24;
  const approvalsCard = approvals && (
    <Col xs={{ span: 24, order: 0 }} lg={{ span: approvalsFirst ? 24 : pairSpan, order: 0 }}>
      <PendingApprovalsCard />
    </Col>
  );
  // A resident's account is their own: the org's level and code, and a list of what the account may do, are staff
  // matters (their shortcuts say what they can do). Staff see what they may do in words, not permission codes.
  const staff = me.role !== 'resident';
  const rollCallOpen = useMyRollCallsOpen(me.permissions.includes('self:roll_call'));
  // 物资预约: while the community offers supplies to reserve (or holds the household's reservation).
  const offersOpen = useMyOffersOpen(me.permissions.includes('self:supply'));
  // 问卷调查: while a survey of the resident's areas is open (or answered, with public results).
  const surveysOpen = useMySurveysOpen(me.permissions.includes('self:survey'));
  // 居家隔离: under an order (or awaiting one, or with a certificate), what to do today comes near the top.
  const quarantineOpen = useMyQuarantineOpen(me.permissions.includes('self:quarantine'));
  // 三无小区管控: for those who patrol, while a compound has an open problem or a patrol due.
  const controlPointsTodo = useControlPointsAttention(me.permissions.includes('control-point:patrol'));
  // 我能做的事: what a page of the menu offers; what the account also holds without a page here, apart (permissionsByPage).
  const abilities = permissionsByPage(me.permissions, me.role);

  return (
    <>
      <Typography.Title level={1} className="rx-page-title" style={{ fontSize: 24 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>{t('dashboard.welcome', { name: me.displayName })}</Typography.Paragraph>
      <EmergencyStateTag />
      <Row gutter={[16, 16]}>
        {/* Same order class as the cards after it: first in the markup is first on the screen. */}
        {approvalsFirst && approvalsCard}
        {/* 报平安: while a care roll call lists the resident's household, before anything else. */}
        {rollCallOpen && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyRollCallsCard />
          </Col>
        )}
        {/* 居家隔离: day N/M, this slot's temperature, the needs, or the certificate (ADR 0080). */}
        {quarantineOpen && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyQuarantineCard />
          </Col>
        )}
        {/* 我的健康码: the colour as a big block, why and since when, and 申诉 for yellow or red (ADR 0082). */}
        {me.permissions.includes('self:health') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyHealthCodeCard />
          </Col>
        )}
        {offersOpen && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyOffersCard />
          </Col>
        )}
        {surveysOpen && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MySurveysCard />
          </Col>
        )}
        {/* 我的任务: what the community gave me, overdue ones counted, the first to do (ADR 0087). */}
        {me.permissions.includes('task:work') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyTasksCard />
          </Col>
        )}
        {/* 我的志愿服务: the hours served, the next shift and the open ones (ADR 0085). */}
        {me.permissions.includes('volunteer:serve') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyVolunteeringCard />
          </Col>
        )}
        {/* 核酸采样: the personal sampling code the collector scans, and the resident's results (ADR 0079). */}
        {me.permissions.includes('self:sampling') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MySamplingCard />
          </Col>
        )}
        {reporting && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: todaySpan, order: 0 }}>
            <ReportingTodayCard />
          </Col>
        )}
        {!reporting && me.permissions.includes('self-report:coverage') && <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}><ReportingAreasCard /></Col>}
        {warnings && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: todaySpan, order: 0 }}>
            <OpenWarningsCard />
          </Col>
        )}
        {controlPointsTodo && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <ControlPointsAttentionCard />
          </Col>
        )}
        {/* 通道占用举报: a resident reports a blocked lane and follows their reports (ADR 0078). */}
        {me.permissions.includes('self:report') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyLaneReportsCard />
          </Col>
        )}
        {/* 社区公告: the community's announcements, and the way to complain or follow a complaint (ADR 0086). */}
        {me.permissions.includes('self:report') && (
          <Col xs={{ span: 24, order: 0 }} lg={{ span: 24, order: 0 }}>
            <MyAnnouncementsCard />
          </Col>
        )}
        {!approvalsFirst && approvalsCard}
        {/* Those who keep the duty log: its open items (待跟进) and the handover sheet, for the start of a shift; on a
            phone after the shortcuts, which a grid worker opens most. */}
        {dutyLog && (
          <Col xs={{ span: 24, order: 2 }} lg={{ span: pairSpan, order: 0 }}>
            <DutyOpenItemsCard />
          </Col>
        )}
        {me.permissions.includes('registry:stats') && (
          // On a phone the shortcuts come first (what a grid worker opens most), on a desktop the overview.
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 24, order: 1 }}>
            <OverviewCard canReadResidents={me.permissions.includes('resident:read')} />
          </Col>
        )}
        <Col xs={{ span: 24, order: 3 }} lg={{ span: 12, order: 2 }}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.account')}</h2>}>
            <Descriptions
              column={1}
              items={[
                { key: 'displayName', label: t('dashboard.displayName'), children: me.displayName },
                { key: 'username', label: t('dashboard.username'), children: me.username },
                { key: 'role', label: t('dashboard.role'), children: <span data-testid="me-role">{roleLabel(me.role, t)}</span> },
                { key: 'org', label: t('dashboard.org'), children: <span data-testid="me-org">{me.org.name}</span> },
                ...(staff
                  ? [
                      { key: 'orgLevel', label: t('dashboard.orgLevel'), children: orgLevelLabel(me.org.level, t) },
                      { key: 'orgCode', label: t('dashboard.orgCode'), children: <span className="rx-mono">{me.org.code}</span> },
                    ]
                  : []),
              ]}
            />
            {staff && (
              <Collapse
                ghost
                size="small"
                items={[
                  {
                    key: 'permissions',
                    label: t('dashboard.permissions'),
                    children: (
                      <>
                        {abilities.onPages.length > 0 ? (
                          <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }} data-testid="me-permissions">
                            {abilities.onPages.map((p) => (
                              <li key={p}>{permissionName(p, i18n.language)}</li>
                            ))}
                          </ul>
                        ) : (
                          <Typography.Text data-testid="me-permissions">{t('dashboard.noShortcuts')}</Typography.Text>
                        )}
                        {abilities.noPage.length > 0 && (
                          <div style={{ marginTop: 8 }} data-testid="me-permissions-no-page">
                            <Typography.Text type="secondary">{t('dashboard.permissionsNoPage')}</Typography.Text>
                            <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
                              {abilities.noPage.map((p) => (
                                <li key={p}>
                                  <Typography.Text type="secondary">{permissionName(p, i18n.language)}</Typography.Text>
                                </li>
                              ))}
                            </ul>
                          </div>
                        )}
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 12, order: 3 }}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.shortcuts')}</h2>}>
            {shortcuts.length === 0 ? (
              <Typography.Text type="secondary">{t('dashboard.noShortcuts')}</Typography.Text>
            ) : (
              <Row gutter={[12, 12]}>
                {shortcuts.map((entry) => {
                  const Icon = entry.icon;
                  return (
                    <Col xs={24} sm={12} key={entry.key}>
                      <Button className="rx-shortcut" size="large" icon={<Icon />} onClick={() => void navigate(entry.path)}>
                        {t(entry.labelKey)}
                      </Button>
                    </Col>
                  );
                })}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
