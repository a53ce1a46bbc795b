import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, type ButtonProps, Card, Checkbox, Empty, Form, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import { Drawer, Modal, Popconfirm, useConfirm } from '../../lib/dialog';
import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { placeChildren } from './api';
import {
  buildingUnits, createBuilding, createCompound, createGrid, createRoom, createUnit, deletePlace, FLAG_KEYS, HOUSEHOLD_TYPES, leadCandidates, moveBuilding, placeCompounds, placeGrids,
  updateBuilding, updateCompound, updateGrid, updateRoom, updateUnit, type BuildingView, type CompoundView, type GridView, type HouseholdType, type PlaceFlags, type PlaceKind,
  type PlacePerson, type RoomView, type UnitView,
} from './places.api';
import { buildingChanges, compoundPatch, filterCompounds, placeTotals, renameTo, roomState } from './places.logic';
import { applyFieldErrors } from './shared';
import './places.css';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';

const P = 'registry.places';


const roleLabel = (t: TFunction, role: string) => t(`${P}.roles.${role as 'volunteer'}`, { defaultValue: role });

function FlagTags({ c }: { c: CompoundView }) {
  const { t } = useTranslation();
  if (!FLAG_KEYS.some((f) => c.flags[f])) return null;
  return (
    <span className="rx-pl-tags" data-testid="compound-flags">
      {c.threeNo && <Tag color="red">{t(`${P}.threeNo`)}</Tag>}
      {FLAG_KEYS.filter((f) => c.flags[f]).map((f) => (
        <Tag key={f} color="orange">
          {t(`${P}.flag.${f}`)}
        </Tag>
      ))}
    </span>
  );
}

function WorkerTags({ workers }: { workers: PlacePerson[] }) {
  const { t } = useTranslation();
  // Grid workers are accounts scoped to the grid: only a security admin (user:manage) assigns one, on 账号与安全.
  const canAssign = hasPermission(useMe(), 'user:manage');
  if (!workers.length) {
    return (
      <span data-testid="grid-no-workers">
        <Typography.Text type="secondary">{t(`${P}.noWorkers`)}</Typography.Text>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t(`${P}.noWorkersHint`)}</Typography.Text>
        {canAssign && <Link to="/admin/security">{t(`${P}.noWorkersLink`)}</Link>}
      </span>
    );
  }
  return (
    <span className="rx-pl-tags">
      {workers.map((w) => (
        <Tag key={w.id} icon={<UserOutlined />} color={w.status === 'active' ? 'blue' : undefined}>
          {w.displayName}
          {w.status !== 'active' && `（${t(`${P}.disabled`)}）`}
        </Tag>
      ))}
    </span>
  );
}

/** The community the page is about: the user's own, or one chosen among those in scope (street, district). */
function useCommunity(): { communityId?: string; choose: (id: string) => void; options?: Array<{ value: string; label: string }> } {
  const me = useMe();
  const own = me.org.level === 'community' ? me.org.id : undefined;
  const [chosen, setChosen] = useState<string | undefined>();
  const root = useQuery({ queryKey: ['places', 'communities'], queryFn: ({ signal }) => placeChildren('root', undefined, signal), enabled: !own });
  const options = root.data?.items.filter((c) => c.kind === 'community').map((c) => ({ value: c.id, label: c.name }));
  useEffect(() => {
    if (!own && !chosen && options?.length === 1) setChosen(options[0]!.value);
  }, [own, chosen, options]);
  return { communityId: own ?? chosen, choose: setChosen, options: own ? undefined : options };
}

// ---- drawers -----------------------------------------------------------------------------------------------------

type CompoundValues = { name: string; flags: Array<keyof PlaceFlags> };

/** A drawer holding one place's form: the request's error above it, cancel and save at the bottom. */
function PlaceFormDrawer(p: {
  title: ReactNode; onClose: () => void; saving: boolean; onSave: () => void; saveLabel: string; saveTestId: string; error: unknown; children: ReactNode;
}) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer
      {...drawerFocus}
      open
      title={p.title}
      onClose={p.onClose}
      size={isMobile ? '100%' : 440}
      closable={{ 'aria-label': t(`${P}.cancel`) }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={p.onClose}>{t(`${P}.cancel`)}</Button>
          <Button type="primary" loading={p.saving} onClick={p.onSave} data-testid={p.saveTestId}>
            {p.saveLabel}
          </Button>
        </Space>
      }
    >
      {p.error !== null && <ErrorAlert error={p.error} />}
      {p.children}
    </Drawer>
  );
}

function CompoundDrawer({ communityId, compound, onClose }: { communityId: string; compound?: CompoundView; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CompoundValues>();
  const [error, setError] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (v: CompoundValues) => {
      const flags = Object.fromEntries(FLAG_KEYS.map((f) => [f, v.flags.includes(f)])) as PlaceFlags;
      if (!compound) return createCompound({ communityId, name: v.name.trim(), ...flags });
      return updateCompound(compound.id, compoundPatch(compound, v));
    },
    onMutate: () => setError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(compound ? `${P}.saved` : `${P}.added`));
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language, ['name'])) setError(e);
    },
  });
  return (
    <PlaceFormDrawer
      title={t(compound ? `${P}.editCompound` : `${P}.addCompound`)}
      onClose={onClose}
      saving={save.isPending}
      onSave={() => form.submit()}
      saveLabel={t(compound ? `${P}.save` : `${P}.add`)}
      saveTestId="compound-save"
      error={error}
    >
      <Form<CompoundValues>
        form={form}
        layout="vertical"
        initialValues={{ name: compound?.name ?? '', flags: compound ? FLAG_KEYS.filter((f) => compound.flags[f]) : [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t(`${P}.compoundName`)} extra={t(`${P}.compoundNameHint`)} rules={[{ required: true, whitespace: true, message: t(`${P}.compoundNameRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} autoComplete="off" data-testid="compound-name" />
        </Form.Item>
        <Form.Item name="flags" label={t(`${P}.flags`)} extra={t(`${P}.flagsHint`)}>
          <Checkbox.Group className="rx-pl-checks" options={FLAG_KEYS.map((f) => ({ value: f, label: t(`${P}.flag.${f}`) }))} />
        </Form.Item>
      </Form>
    </PlaceFormDrawer>
  );
}

type BuildingValues = { name: string; gridId: string; leadUserId?: string | null; reason?: string };

/** Add a building (name, grid), or edit one (name, building lead, grid — a grid change needs a reason). */
function BuildingDrawer({ communityId, compound, building, grids, onClose }: {
  communityId: string; compound: CompoundView; building?: BuildingView; grids: GridView[]; onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BuildingValues>();
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const gridId = Form.useWatch('gridId', form);
  const moving = !!building && !!gridId && gridId !== building.gridId;
  const candidates = useQuery({
    queryKey: ['places', 'lead-candidates', communityId, q],
    queryFn: ({ signal }) => leadCandidates(communityId, q, signal),
    enabled: !!building,
    staleTime: 30_000,
  });
  const leadOptions = useMemo(() => {
    const list = candidates.data?.items ?? [];
    const current = building?.lead && !list.some((c) => c.id === building.lead!.id) ? [{ ...building.lead, orgName: '' }] : [];
    return [...current, ...list].map((c) => ({ value: c.id, label: `${c.displayName}（${roleLabel(t, c.role)}${c.orgName ? ` · ${c.orgName}` : ''}）` }));
  }, [candidates.data, building, t]);

  const save = useMutation({
    mutationFn: async (v: BuildingValues) => {
      if (!building) return createBuilding({ compoundId: compound.id, gridId: v.gridId, name: v.name.trim() });
      const { patch, move } = buildingChanges(building, v);
      let out = building;
      if (patch) out = await updateBuilding(building.id, patch);
      if (move) out = await moveBuilding(building.id, move);
      return out;
    },
    onMutate: () => setError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(building ? `${P}.saved` : `${P}.added`));
      onClose();
    },
    onError: (e) => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      if (!applyFieldErrors(form, e, i18n.language, ['name', 'gridId', 'leadUserId', 'reason'])) setError(e);
    },
  });

  return (
    <PlaceFormDrawer
      title={`${t(building ? `${P}.editBuilding` : `${P}.addBuilding`)} · ${compound.name}`}
      onClose={onClose}
      saving={save.isPending}
      onSave={() => form.submit()}
      saveLabel={t(building ? `${P}.save` : `${P}.add`)}
      saveTestId="building-save"
      error={error}
    >
      <Form<BuildingValues>
        form={form}
        layout="vertical"
        initialValues={{ name: building?.name ?? '', gridId: building?.gridId ?? (grids.length === 1 ? grids[0]!.id : undefined), leadUserId: building?.lead?.id ?? null, reason: '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t(`${P}.buildingName`)} extra={t(`${P}.buildingNameHint`)} rules={[{ required: true, whitespace: true, message: t(`${P}.buildingNameRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} autoComplete="off" data-testid="building-name" />
        </Form.Item>
        <Form.Item name="gridId" label={t(`${P}.grid`)} rules={[{ required: true, message: t(`${P}.gridRequired`) }]}>
          <Select data-testid="building-grid" options={grids.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        {moving && (
          <>
            <Alert type="warning" showIcon title={t(`${P}.gridChanged`)} style={{ marginBottom: 12 }} />
            <Form.Item name="reason" label={t(`${P}.moveReason`)} rules={[{ required: true, whitespace: true, min: 2, message: t(`${P}.moveReasonRequired`) }]}>
              <Input maxLength={200} placeholder={t(`${P}.moveReasonPlaceholder`)} />
            </Form.Item>
          </>
        )}
        {building && (
          <Form.Item name="leadUserId" label={t(`${P}.lead`)} extra={t(`${P}.leadHint`)}>
            <Select
              allowClear
              data-testid="building-lead"
              placeholder={t(`${P}.leadPick`)}
              showSearch={{ onSearch: setQ, filterOption: false }}
              loading={candidates.isFetching}
              options={leadOptions}
              onClear={() => setQ('')}
            />
          </Form.Item>
        )}
      </Form>
    </PlaceFormDrawer>
  );
}

/** Deletes an empty place; when the server refuses (409: what is still inside), its message is shown in a dialog. */
function DeleteButton({ kind, id, confirm, onDone, testId, subtle, hint }: {
  kind: PlaceKind; id: string; confirm: string; onDone?: () => void; testId: string; subtle?: boolean; hint?: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const refused = useConfirm('error');
  const queryClient = useQueryClient();
  const del = useMutation({
    mutationFn: () => deletePlace(kind, id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(`${P}.deleted`));
      onDone?.();
    },
    onError: (e) => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      refused({ title: t(`${P}.deleteRefused`), content: <span data-testid="delete-refused">{errorText(e, t, i18n.language)}</span> });
    },
  });
  return (
    <Popconfirm
      title={confirm}
      description={<span className="rx-pl-confirm">{hint ?? t(`${P}.deleteHint`)}</span>}
      okText={t(`${P}.delete`)}
      okButtonProps={{ danger: true, 'data-testid': `${testId}-ok` } as ButtonProps}
      cancelText={t(`${P}.cancel`)}
      onConfirm={() => del.mutateAsync().catch(() => undefined)}
    >
      <Button danger type={subtle ? 'text' : 'default'} icon={<DeleteOutlined />} loading={del.isPending} data-testid={testId}>
        {t(`${P}.delete`)}
      </Button>
    </Popconfirm>
  );
}

/** A unit or a room: rename it (a room with its version) or delete it. */
function PlaceDialog({ title, field, label, initial, info, save, del, onClose }: {
  title: string; field: 'name' | 'room'; label: string; initial: string; info?: ReactNode; save: (value: string) => Promise<unknown>;
  del: { kind: PlaceKind; id: string; confirm: string }; onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, string>>();
  const [error, setError] = useState<unknown>(null);
  const rename = useMutation({
    mutationFn: async (v: string) => {
      const to = renameTo(initial, v);
      if (to) await save(to);
    },
    onMutate: () => setError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(`${P}.saved`));
      onClose();
    },
    onError: (e) => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      if (!applyFieldErrors(form, e, i18n.language, [field])) setError(e);
    },
  });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <div className="rx-pl-dialog-footer">
          <DeleteButton kind={del.kind} id={del.id} confirm={del.confirm} onDone={onClose} testId="place-delete" />
          <Space>
            <Button onClick={onClose}>{t(`${P}.cancel`)}</Button>
            <Button type="primary" loading={rename.isPending} onClick={() => form.submit()} data-testid="place-save">
              {t(`${P}.save`)}
            </Button>
          </Space>
        </div>
      }
    >
      {error !== null && <ErrorAlert error={error} />}
      {info}
      <Form form={form} layout="vertical" initialValues={{ [field]: initial }} onFinish={(v) => rename.mutate(v[field] ?? '')}>
        <Form.Item name={field} label={label} rules={[{ required: true, whitespace: true, message: t(field === 'room' ? `${P}.roomRequired` : `${P}.unitNameRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} autoComplete="off" data-testid="place-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Add a grid to the community (the server gives it the next free code) or rename / delete one (ADR 0022). A delete
 * the server refuses (something still in the grid) shows its message.
 */
function GridDialog({ communityId, grid, onClose }: { communityId: string; grid?: GridView; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: async (v: string) => {
      if (!grid) return createGrid({ communityId, name: v.trim() });
      const to = renameTo(grid.name, v);
      return to ? updateGrid(grid.id, { name: to }) : undefined;
    },
    onMutate: () => setError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['places'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(grid ? `${P}.saved` : `${P}.added`));
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language, ['name'])) setError(e);
    },
  });
  return (
    <Modal
      open
      title={grid ? `${t(`${P}.renameGrid`)} · ${grid.name}` : t(`${P}.addGrid`)}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <div className="rx-pl-dialog-footer">
          {grid ? (
            <DeleteButton kind="grids" id={grid.id} confirm={t(`${P}.deleteGridConfirm`, { name: grid.name })} hint={t(`${P}.deleteGridHint`)} onDone={onClose} testId="grid-delete" />
          ) : <span />}
          <Space>
            <Button onClick={onClose}>{t(`${P}.cancel`)}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="grid-save">
              {t(grid ? `${P}.save` : `${P}.add`)}
            </Button>
          </Space>
        </div>
      }
    >
      {error !== null && <ErrorAlert error={error} />}
      {grid && <Typography.Paragraph type="secondary">{t(`${P}.gridCode`, { code: grid.code })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={{ name: grid?.name ?? '' }} onFinish={(v) => save.mutate(v.name ?? '')}>
        <Form.Item name="name" label={t(`${P}.gridName`)} extra={t(`${P}.gridNameHint`)} rules={[{ required: true, whitespace: true, message: t(`${P}.gridNameRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} autoComplete="off" data-testid="grid-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One room in the building view: its number and its active residents, coloured by state (counts only, no names). */
function RoomTile({ r, onOpen }: { r: RoomView; onOpen: () => void }) {
  const { t } = useTranslation();
  const state = roomState(r);
  const type = r.householdType !== 'family' ? t(`registry.household.types.${r.householdType}`) : '';
  const shown = state === 'occupied' ? t(`${P}.members`, { n: r.members }) : t(`${P}.state.${state}`);
  // The name holds what the tile shows, in its order (WCAG 2.5.3, axe label-content-name-mismatch): "房号 101 · 3 人"
  // for "101 / 3 人". The spaces between the lines keep "101" and "3" apart in the tile's text (the flex column drops them).
  return (
    <li>
      <button type="button" className={`rx-pl-room rx-pl-room--${state}`} onClick={onOpen} data-testid={`room-${r.room}`} data-state={state}
        aria-label={`${t(`${P}.roomTitle`, { room: r.room })} · ${shown}${type ? ` · ${type}` : ''}`}>
        <span className="rx-pl-room-no">{r.room}</span>{' '}
        <span className="rx-pl-room-n">{shown}</span>
        {type && <>{' '}<span className="rx-pl-room-type">{type}</span></>}
      </button>
    </li>
  );
}

function StateCounts({ units }: { units: UnitView[] }) {
  const { t } = useTranslation();
  const n = placeTotals(units);
  return (
    <>
      {n.unregistered > 0 && <Tag className="rx-pl-tag-unregistered">{t(`${P}.stateCount.unregistered`, { n: n.unregistered })}</Tag>}
      {n.vacated > 0 && <Tag color="orange">{t(`${P}.stateCount.vacated`, { n: n.vacated })}</Tag>}
    </>
  );
}

type Editing = { kind: 'unit'; unit: UnitView } | { kind: 'room'; unit: UnitView; room: RoomView } | null;

/**
 * The building view: its units and rooms with the active residents of each room (counts only), so that empty and
 * never-registered rooms stand out; adds, renames and deletes units and rooms.
 */
function UnitsDrawer({ building, compoundName, onClose }: { building: BuildingView; compoundName: string; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const key = ['places', 'units', building.id];
  const units = useQuery({ queryKey: key, queryFn: ({ signal }) => buildingUnits(building.id, signal) });
  // A room is a household: staff who read residents open its household page from the room (members, 更换户主, add a resident).
  const canOpenHousehold = hasPermission(useMe(), 'resident:read');
  const [unitForm] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['places'] });
    void queryClient.invalidateQueries({ queryKey: ['registry'] });
    void message.success(t(`${P}.added`));
  };
  const addUnit = useMutation({
    mutationFn: (name: string) => createUnit({ buildingId: building.id, name: name.trim() }),
    onMutate: () => setError(null),
    onSuccess: () => {
      unitForm.resetFields();
      done();
    },
    onError: (e) => {
      if (!applyFieldErrors(unitForm, e, i18n.language, ['name'])) setError(e);
    },
  });
  const list = units.data?.units ?? [];
  const total = placeTotals(list);

  return (
    <Drawer
      {...drawerFocus}
      open
      title={t(`${P}.unitsTitle`, { building: `${compoundName} ${building.name}` })}
      onClose={onClose}
      size={isMobile ? '100%' : 600}
      closable={{ 'aria-label': t(`${P}.close`) }}
    >
      {error !== null && <ErrorAlert error={error} />}
      {units.error && <ErrorAlert error={units.error} />}
      {units.data && (
        <div className="rx-pl-summary" data-testid="building-summary">
          <Typography.Text>{t(`${P}.buildingSummary`, { units: formatCount(total.units, i18n.language), rooms: formatCount(total.rooms, i18n.language), members: formatCount(total.members, i18n.language) })}</Typography.Text>
          <StateCounts units={list} />
        </div>
      )}
      <Form form={unitForm} layout="vertical" onFinish={(v) => addUnit.mutate(v.name)} className="rx-pl-inline-form">
        <Form.Item label={t(`${P}.addUnit`)} htmlFor="places-unit-name" required style={{ marginBottom: 8 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="name" noStyle rules={[{ required: true, whitespace: true, message: t(`${P}.unitNameRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
              <Input id="places-unit-name" count={{ show: true, max: 64 }} placeholder={t(`${P}.unitNamePlaceholder`)} autoComplete="off" data-testid="unit-name" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={addUnit.isPending} data-testid="unit-add">
              {t(`${P}.add`)}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {units.isPending ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : units.data && list.length === 0 ? (
        <Empty description={t(`${P}.noUnits`)} />
      ) : (
        <>
          <div className="rx-pl-legend" aria-hidden>
            {(['occupied', 'vacated', 'unregistered'] as const).map((s) => (
              <span key={s} className={`rx-pl-swatch rx-pl-room--${s}`}>{t(`${P}.state.${s}`)}</span>
            ))}
          </div>
          <ul className="rx-pl-units">
            {list.map((u) => {
              const n = placeTotals([u]);
              return (
                <li key={u.id} data-testid={`unit-${u.name}`}>
                  <div className="rx-pl-unit-head">
                    <Typography.Text strong>{u.name}</Typography.Text>
                    <Typography.Text type="secondary">{t(`${P}.unitSummary`, { rooms: formatCount(n.rooms, i18n.language), members: formatCount(n.members, i18n.language) })}</Typography.Text>
                    <StateCounts units={[u]} />
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ kind: 'unit', unit: u })} data-testid="unit-edit" className="rx-pl-unit-edit">
                      {t(`${P}.edit`)}
                    </Button>
                  </div>
                  {u.rooms.length === 0 ? (
                    <Typography.Paragraph type="secondary" style={{ margin: '6px 0' }}>{t(`${P}.noRooms`)}</Typography.Paragraph>
                  ) : (
                    <ul className="rx-pl-rooms">
                      {u.rooms.map((r) => <RoomTile key={r.id} r={r} onOpen={() => setEditing({ kind: 'room', unit: u, room: r })} />)}
                    </ul>
                  )}
                  <RoomForm unitId={u.id} onAdded={done} />
                </li>
              );
            })}
          </ul>
        </>
      )}
      {editing?.kind === 'unit' && (
        <PlaceDialog
          key={editing.unit.id}
          title={`${t(`${P}.renameUnit`)} · ${building.name}`}
          field="name"
          label={t(`${P}.unitName`)}
          initial={editing.unit.name}
          save={(name) => updateUnit(editing.unit.id, { name })}
          del={{ kind: 'units', id: editing.unit.id, confirm: t(`${P}.deleteUnitConfirm`, { name: editing.unit.name }) }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'room' && (
        <PlaceDialog
          key={editing.room.id}
          title={`${t(`${P}.roomTitle`, { room: editing.room.room })} · ${building.name}${editing.unit.name}`}
          field="room"
          label={t(`${P}.room`)}
          initial={editing.room.room}
          info={<>
            <Typography.Paragraph type="secondary" data-testid="room-counts">
              {t(`${P}.roomMembers`, { n: editing.room.members })}
              {editing.room.residents > editing.room.members && `，${t(`${P}.roomFormer`, { n: editing.room.residents - editing.room.members })}`}
              {' · '}
              {t(`registry.household.types.${editing.room.householdType}`)}
              <br />
              {t(`${P}.roomHint`)}
            </Typography.Paragraph>
            {canOpenHousehold && (
              <Typography.Paragraph>
                <Link to={`/registry/households/${encodeURIComponent(editing.room.id)}`} data-testid="room-household">
                  <TeamOutlined /> {t(`${P}.openHousehold`)}
                </Link>
              </Typography.Paragraph>
            )}
          </>}
          save={(room) => updateRoom(editing.room.id, { room, version: editing.room.version })}
          del={{ kind: 'households', id: editing.room.id, confirm: t(`${P}.deleteRoomConfirm`, { name: editing.room.room }) }}
          onClose={() => setEditing(null)}
        />
      )}
    </Drawer>
  );
}

function RoomForm({ unitId, onAdded }: { unitId: string; onAdded: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ room: string; householdType: HouseholdType }>();
  const [error, setError] = useState<unknown>(null);
  const add = useMutation({
    mutationFn: (v: { room: string; householdType: HouseholdType }) => createRoom({ unitId, room: v.room.trim(), householdType: v.householdType }),
    onMutate: () => setError(null),
    onSuccess: () => {
      form.resetFields();
      onAdded();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language, ['room'])) setError(e);
    },
  });
  return (
    <>
      {error !== null && <ErrorAlert error={error} />}
      <Form form={form} layout="inline" initialValues={{ householdType: 'family' }} onFinish={(v) => add.mutate(v)} className="rx-pl-room-form">
        <Form.Item name="room" rules={[{ required: true, whitespace: true, message: t(`${P}.roomRequired`) }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} placeholder={t(`${P}.roomPlaceholder`)} aria-label={t(`${P}.room`)} autoComplete="off" data-testid="room-name" />
        </Form.Item>
        <Form.Item name="householdType">
          <Select
            aria-label={t(`${P}.householdType`)}
            options={HOUSEHOLD_TYPES.map((h) => ({ value: h, label: t(`registry.household.types.${h}`) }))}
            style={{ minWidth: 110 }}
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="room-add">
            {t(`${P}.addRoom`)}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

// ---- page --------------------------------------------------------------------------------------------------------

type Open =
  | { kind: 'compound'; compound?: CompoundView }
  | { kind: 'building'; compound: CompoundView; building?: BuildingView }
  | { kind: 'units'; compound: CompoundView; building: BuildingView }
  | { kind: 'grid'; grid?: GridView }
  | null;

function BuildingItem({ b, onEdit, onUnits }: { b: BuildingView; onEdit: () => void; onUnits: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="rx-pl-building" data-testid={`building-${b.name}`}>
      <div className="rx-pl-building-main">
        <div className="rx-pl-building-head">
          <strong>{b.name}</strong>
          <Tag data-testid="building-grid-name">{b.gridName}</Tag>
        </div>
        <div className="rx-pl-line" data-testid="building-lead-name">
          <TeamOutlined aria-hidden /> {t(`${P}.lead`)}：
          {b.lead ? (
            <>
              {b.lead.displayName}
              {b.lead.status !== 'active' && <Tag style={{ marginInlineStart: 6 }}>{t(`${P}.disabled`)}</Tag>}
            </>
          ) : (
            <Typography.Text type="secondary">{t(`${P}.leadNone`)}</Typography.Text>
          )}
        </div>
        <div className="rx-pl-line">
          <Typography.Text type="secondary">{t(`${P}.buildingCounts`, { units: b.units, households: b.households, residents: b.residents })}</Typography.Text>
        </div>
      </div>
      <Space wrap className="rx-pl-actions">
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="building-edit">
          {t(`${P}.edit`)}
        </Button>
        <Button onClick={onUnits} data-testid="building-units">
          {t(`${P}.unitsAndRooms`)}
        </Button>
        <DeleteButton kind="buildings" id={b.id} confirm={t(`${P}.deleteBuildingConfirm`, { name: b.name })} testId="building-delete" subtle />
      </Space>
    </li>
  );
}

export function PlacesPage() {
  const { t } = useTranslation();
  const { communityId, choose, options } = useCommunity();
  const [open, setOpen] = useState<Open>(null);
  usePageTitle(t(`${P}.title`));

  const grids = useQuery({ queryKey: ['places', 'grids', communityId], queryFn: ({ signal }) => placeGrids(communityId!, signal), enabled: !!communityId });
  const compounds = useQuery({ queryKey: ['places', 'compounds', communityId], queryFn: ({ signal }) => placeCompounds(communityId!, signal), enabled: !!communityId });
  const gridList = grids.data?.items ?? [];
  const [nameFilter, setNameFilter] = useState('');
  const [gridFilter, setGridFilter] = useState<string | undefined>();
  const shown = useMemo(() => filterCompounds(compounds.data?.items ?? [], nameFilter, gridFilter), [compounds.data, nameFilter, gridFilter]);

  return (
    <div className="rx-pl">
      <div className="rx-reg-titlebar">
        <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 0 }}>
          {t(`${P}.title`)}
          {grids.data && <span className="rx-pl-community"> · {grids.data.community.name}</span>}
        </Typography.Title>
        {communityId && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'compound' })} data-testid="compound-add">
            {t(`${P}.addCompound`)}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t(`${P}.intro`)}</Typography.Paragraph>

      {options && (
        <div className="rx-reg-field" style={{ marginBottom: 16, maxWidth: 360 }}>
          <label htmlFor="places-community">{t(`${P}.community`)}</label>
          <Select id="places-community" value={communityId} onChange={choose} placeholder={t(`${P}.communityPick`)} options={options} />
        </div>
      )}

      {communityId && (
        <>
          <section aria-labelledby="places-grids">
            <div className="rx-pl-section-head">
              <Typography.Title level={2} id="places-grids" className="rx-pl-h3">
                {t(`${P}.grids`)}
              </Typography.Title>
              <Button icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'grid' })} data-testid="grid-add">
                {t(`${P}.addGrid`)}
              </Button>
            </div>
            {grids.error && <ErrorAlert error={grids.error} />}
            {grids.isPending ? (
              <Spin />
            ) : (
              <ul className="rx-pl-grids" data-testid="places-grids">
                {gridList.map((g) => (
                  <li key={g.id} className="rx-pl-grid" data-testid={`grid-${g.name}`}>
                    <div className="rx-pl-grid-head">
                      <strong>{g.name}</strong>
                      <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setOpen({ kind: 'grid', grid: g })} data-testid="grid-edit"
                        aria-label={`${t(`${P}.edit`)} ${g.name}`}>
                        {t(`${P}.edit`)}
                      </Button>
                    </div>
                    <div className="rx-pl-line">
                      <Typography.Text type="secondary">{t(`${P}.counts`, { compounds: g.compounds, buildings: g.buildings, residents: g.residents })}</Typography.Text>
                    </div>
                    <div className="rx-pl-line" aria-label={t(`${P}.gridWorkers`)}>
                      <WorkerTags workers={g.workers} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="places-compounds">
            <Typography.Title level={2} id="places-compounds" className="rx-pl-h3">
              {t(`${P}.compounds`)}
            </Typography.Title>
            {compounds.error && <ErrorAlert error={compounds.error} />}
            {(compounds.data?.items.length ?? 0) > 3 && (
              <Space wrap className="rx-pl-filters" style={{ marginBottom: 12 }}>
                <Input.Search
                  allowClear
                  value={nameFilter}
                  onChange={(e) => setNameFilter(e.target.value)}
                  placeholder={t(`${P}.findCompound`)}
                  aria-label={t(`${P}.findCompound`)}
                  data-testid="compound-filter"
                />
                <Select
                  allowClear
                  value={gridFilter}
                  onChange={setGridFilter}
                  placeholder={t('registry.gridAll')}
                  aria-label={t(`${P}.grid`)}
                  options={gridList.map((g) => ({ value: g.id, label: g.name }))}
                  style={{ minWidth: 140 }}
                />
              </Space>
            )}
            {compounds.isPending ? (
              <Spin />
            ) : compounds.data && compounds.data.items.length === 0 ? (
              <Empty description={t(`${P}.noCompounds`)} />
            ) : shown.length === 0 ? (
              <Empty description={t(`${P}.noMatch`)} />
            ) : (
              <div className="rx-pl-compounds">
                {shown.map((c) => (
                  <Card
                    key={c.id}
                    size="small"
                    className="rx-pl-compound"
                    data-testid={`compound-${c.name}`}
                    title={
                      <span className="rx-pl-compound-title">
                        <span>{c.name}</span>
                        <FlagTags c={c} />
                      </span>
                    }
                  >
                    <Space wrap style={{ marginBottom: 8 }}>
                      <Button icon={<EditOutlined />} onClick={() => setOpen({ kind: 'compound', compound: c })} data-testid="compound-edit">
                        {t(`${P}.edit`)}
                      </Button>
                      <Button icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'building', compound: c })} disabled={gridList.length === 0} data-testid="building-add">
                        {t(`${P}.addBuilding`)}
                      </Button>
                      <DeleteButton kind="compounds" id={c.id} confirm={t(`${P}.deleteCompoundConfirm`, { name: c.name })} testId="compound-delete" subtle />
                    </Space>
                    {c.buildings.length === 0 ? (
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                        {t(`${P}.noBuildings`)}
                      </Typography.Paragraph>
                    ) : (
                      <ul className="rx-pl-buildings">
                        {c.buildings.map((b) => (
                          <BuildingItem
                            key={b.id}
                            b={b}
                            onEdit={() => setOpen({ kind: 'building', compound: c, building: b })}
                            onUnits={() => setOpen({ kind: 'units', compound: c, building: b })}
                          />
                        ))}
                      </ul>
                    )}
                  </Card>
                ))}
              </div>
            )}
          </section>
        </>
      )}

      {communityId && open?.kind === 'compound' && <CompoundDrawer communityId={communityId} compound={open.compound} onClose={() => setOpen(null)} />}
      {communityId && open?.kind === 'building' && (
        <BuildingDrawer communityId={communityId} compound={open.compound} building={open.building} grids={gridList} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'units' && <UnitsDrawer building={open.building} compoundName={open.compound.name} onClose={() => setOpen(null)} />}
      {communityId && open?.kind === 'grid' && <GridDialog communityId={communityId} grid={open.grid} onClose={() => setOpen(null)} />}
    </div>
  );
}
