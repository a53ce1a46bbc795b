// The emergency state of the caller's area as a small tag (everyone signed in; ADR 0027).
import { Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EMERGENCIES_KEY, listEmergencies, type EmergencyState } from './api';
import { stateTag } from './emergencies.logic';
import { listText, withNote } from '../../lib/labels';
import type { TFunction } from 'i18next';

/** Periods named with their start: 定海区（自 2026-03-01 起）、幸福社区（自 2026-03-10 起）. */
export function inForceText(periods: ReadonlyArray<{ areaName: string; since: string }>, t: TFunction, lang: string): string {
  return listText(periods.map((p) => withNote(p.areaName, t('emergencies.since', { date: p.since }), lang)), lang);
}

/** Reads GET /api/emergencies (shared cache with the page); renders nothing until it has the state. */
export function useEmergencies(enabled = true) {
  return useQuery({ queryKey: EMERGENCIES_KEY, queryFn: ({ signal }) => listEmergencies(signal), staleTime: 60_000, enabled });
}

/**
 * The state of the caller's own area, or `state` when the page knows a more precise one (a resident's page gets the
 * state where the household lives, which is what the submit gate checks).
 */
export function EmergencyStateTag({ state }: { state?: EmergencyState | null } = {}) {
  const { t, i18n } = useTranslation();
  const q = useEmergencies(!state);
  const current = state ?? q.data?.state;
  if (!current) return null;
  const s = stateTag(current);
  return (
    <Tag color={s.color} data-testid="emergency-state" title={current.legalRef ?? undefined} style={{ whiteSpace: 'normal', marginBottom: 8 }}>
      {s.key === 'emergencies.state.activeMany'
        ? `${t('emergencies.state.activeMany')} · ${inForceText(current.inForce, t, i18n.language)}`
        : s.kind === 'active'
        ? t('emergencies.state.active', { date: s.params.date, area: s.params.area })
        : s.kind === 'ended'
          ? t('emergencies.state.ended', { date: s.params.date })
          : t('emergencies.state.none')}
    </Tag>
  );
}
