// Pure rules of 指定户主 / 更换户主 (no React), unit-tested in household-head.logic.test.ts.
import { isStub, type Household } from './api';

/**
 * True when the members' relations disagree with the household's head (数据质量: 多个户主 / 户主关系不符, ADR 0020
 * addendum): another member's relation says 户主, or the head's does not. Choosing a head (even the same one) repairs it.
 */
export function headConflict(h: Household): boolean {
  const visible = h.members.flatMap((m) => (isStub(m) ? [] : [m]));
  const head = visible.find((m) => m.id === h.headResidentId);
  return visible.some((m) => m.relation === 'head' && m.id !== h.headResidentId) || (head !== undefined && head.relation !== 'head');
}

/**
 * Adult members who can head the household (restricted records cannot be chosen from a stub). The current head is
 * offered only when the relations disagree (choosing them again makes every other 户主 "other").
 */
export function headCandidates(h: Household): Array<{ id: string; nameMasked: string; age: number }> {
  const repair = headConflict(h);
  return h.members.flatMap((m) => (!isStub(m) && m.age >= 18 && (repair || m.id !== h.headResidentId) ? [{ id: m.id, nameMasked: m.nameMasked, age: m.age }] : []));
}
