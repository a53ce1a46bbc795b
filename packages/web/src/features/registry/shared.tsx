// Small pieces shared by the registry pages: labels, tags, field errors, the purpose in the URL, grid names.
import { Tag, type FormInstance } from 'antd';
import { detailText } from '../../lib/errors.logic';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import type { AreaLoader } from '../../lib/area-picker';
import { useUrlState } from '../../lib/url-state';
import {
  DEFAULT_PURPOSE, placeChildren, PURPOSES, ROLE_PURPOSES, type CareTag, type Purpose, type Relation, type ResidenceType,
} from './api';

export const tagLabel = (t: TFunction, tag: string) => t(`registry.tags.${tag as CareTag}`, { defaultValue: tag });
export const residenceLabel = (t: TFunction, v: string) => t(`registry.residenceTypes.${v as ResidenceType}`, { defaultValue: v });
export const relationLabel = (t: TFunction, v: string) => t(`registry.relations.${v as Relation}`, { defaultValue: v });
export const sexLabel = (t: TFunction, v: string) => (v === 'M' || v === 'F' ? t(`registry.sex.${v}`) : v);

// Colours carry no meaning on their own (the text says it); they only help scanning a long list.
const TAG_COLORS: Record<string, string> = {
  elderly80: 'volcano', elderly60: 'orange', living_alone: 'red', disabled: 'purple', chronic: 'magenta', pregnant: 'pink', infant: 'cyan', minor: 'blue',
};

export function CareTags({ tags }: { tags: readonly string[] }) {
  const { t } = useTranslation();
  if (!tags.length) return null;
  return (
    <span className="rx-reg-tags">
      {tags.map((tag) => (
        <Tag key={tag} color={TAG_COLORS[tag]} style={{ marginInlineEnd: 4 }}>
          {tagLabel(t, tag)}
        </Tag>
      ))}
    </span>
  );
}

/** Puts the server's field errors next to the matching form fields; true when at least one was placed. */
export function applyFieldErrors(form: FormInstance, error: unknown, lang: string, known: readonly string[]): boolean {
  if (!isApiError(error) || !error.details.length) return false;
  const fields: Array<{ name: string; errors: string[] }> = [];
  for (const d of error.details) {
    const name = d.path.replace(/^body\./, '').split('.')[0] ?? '';
    if (!known.includes(name)) continue;
    fields.push({ name, errors: [detailText(d, lang)] });
  }
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** The purpose of looking at personal data, kept in the URL (?purpose=) so that it follows the user between pages. */
export function usePurpose(): [Purpose, (p: Purpose) => void, readonly Purpose[]] {
  const me = useMe();
  const [params, setParams] = useUrlState();
  const allowed = ROLE_PURPOSES[me.role] ?? [DEFAULT_PURPOSE];
  const raw = params.get('purpose');
  const purpose = (PURPOSES as readonly string[]).includes(raw ?? '') && allowed.includes(raw as Purpose) ? (raw as Purpose) : allowed[0] ?? DEFAULT_PURPOSE;
  const set = (p: Purpose) => setParams({ purpose: p === (allowed[0] ?? DEFAULT_PURPOSE) ? null : p }, { replace: true });
  return [purpose, set, allowed];
}

/** Appends the current purpose to a registry link (nothing when it is the default). */
export function withPurpose(path: string, purpose: Purpose, allowed: readonly Purpose[]): string {
  return purpose === (allowed[0] ?? DEFAULT_PURPOSE) ? path : `${path}?purpose=${encodeURIComponent(purpose)}`;
}

/**
 * The grid filter's loader over the places tree (ADR 0052): the top level (the communities of the user's area, or their
 * own grid), then one community's grids when it is opened — never every grid at once. Rows name their grid themselves
 * (`gridName` from the server).
 */
export const gridLoader: AreaLoader = async (parentId, signal) => {
  const res = await placeChildren(parentId ? 'community' : 'root', parentId, signal);
  return res.items.map((n) => ({ id: n.id, name: n.name, level: n.kind, parentId: parentId ?? null, hasChildren: n.kind === 'community' }));
};
