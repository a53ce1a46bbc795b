// The emergency state of the caller's area as a small tag (everyone signed in; ADR 0027).
import { Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EMERGENCIES_KEY, listEmergencies } from './api';
import { stateTag } from './emergencies.logic';

/** Reads GET /api/emergencies (shared cache with the page); renders nothing until it has the state. */
export function useEmergencies() {
  return useQuery({ queryKey: EMERGENCIES_KEY, queryFn: ({ signal }) => listEmergencies(signal), staleTime: 60_000 });
}

export function EmergencyStateTag() {
  const { t } = useTranslation();
  const q = useEmergencies();
  if (!q.data) return null;
  const s = stateTag(q.data.state);
  return (
    <Tag color={s.color} data-testid="emergency-state" title={q.data.state.legalRef ?? undefined} style={{ whiteSpace: 'normal', marginBottom: 8 }}>
      {s.kind === 'active'
        ? t('emergencies.state.active', { date: s.params.date, area: s.params.area })
        : s.kind === 'ended'
          ? t('emergencies.state.ended', { date: s.params.date })
          : t('emergencies.state.none')}
    </Tag>
  );
}
