import type { TFunction } from 'i18next';

/** The answer of POST /api/households/:id/relocate (server: registry.service.ts relocateHousehold). */
export type HouseholdRelocation = {
  id: string;
  version: number;
  toHouseholdId: string;
  moved: number;
  residentIds: string[];
  stayed: number;
  head: 'set' | 'kept' | 'none';
  headResidentId: string | null;
  demotedResidentId: string | null;
};

/** What the target household's page says after a relocation: a title and what happened to the head and who stayed. */
export function relocationSummary(r: HouseholdRelocation, t: TFunction): { title: string; lines: string[]; warn: boolean } {
  const lines: string[] = [];
  if (r.head === 'set') lines.push(t('relocate.headSet'));
  else if (r.head === 'kept') lines.push(t('relocate.headKept'));
  else lines.push(t('relocate.headNone'));
  if (!r.headResidentId) lines.push(t('relocate.headMissing'));
  if (r.stayed > 0) lines.push(t('relocate.stayed', { n: r.stayed }));
  // Relations to review, or no head: the worker has something to do.
  return { title: t('relocate.summaryTitle', { n: r.moved }), lines, warn: r.head === 'kept' || !r.headResidentId };
}

/**
 * A room as the household picker lists it: its number, marked when nobody lives there (未登记 / 已迁空 on the places
 * page) or when it is the household being moved (it cannot be chosen).
 */
export function roomOption(room: { id: string; name: string; members?: number }, t: TFunction, excludeId?: string): { label: string; disabled: boolean } {
  if (room.id === excludeId) return { label: t('relocate.thisRoom', { room: room.name }), disabled: true };
  if (room.members === 0) return { label: t('relocate.emptyRoom', { room: room.name }), disabled: false };
  return { label: room.name, disabled: false };
}

