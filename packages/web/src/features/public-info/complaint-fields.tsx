// The fields of a complaint (ADR 0086), the same on the public form and a resident's own form (我的投诉): 类别, 地点,
// 情况描述, 联系电话 (optional) and a photo (JPEG / PNG by its first bytes, at most 2 MB; what is wrong said under it).
// Inside the page's <Form>; the photo is kept by lib's usePhotoPick, outside the form's values.
import { Form, Input, Select } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_CATEGORIES, DESCRIPTION_MAX, PLACE_MAX, type ComplaintCategory, type Photo } from './api';
import { PhotoInput } from '../../lib/photo-input';
import type { PhotoPick } from '../../lib/photo-pick';

export type ComplaintValues = { category?: ComplaintCategory; place?: string; description?: string; contact?: string };

/** The labels of the fields, for the error banner's field names. */
export function complaintLabels(t: TFunction) {
  return { category: t('publicInfo.public.category'), place: t('publicInfo.public.place'), description: t('publicInfo.public.description'), contact: t('publicInfo.public.contact') };
}

/** The body the API takes from the form's values and the photo. */
export function complaintInput(v: ComplaintValues, photo: Photo | null) {
  return {
    category: v.category ?? 'other', place: (v.place ?? '').trim(), description: (v.description ?? '').trim(),
    ...(v.contact?.trim() ? { contact: v.contact.trim() } : {}), ...(photo ? { photo } : {}),
  };
}

export function ComplaintFields({ prefix, pick }: { prefix: string; pick: PhotoPick }) {
  const { t } = useTranslation();
  const labels = complaintLabels(t);
  const required = [{ required: true, whitespace: true, message: t('publicInfo.public.required') }];
  return (
    <>
      <Form.Item name="category" label={labels.category}>
        <Select options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`publicInfo.complaintCategories.${c}`) }))} data-testid={`${prefix}-category`} />
      </Form.Item>
      <Form.Item name="place" label={labels.place} rules={required}><Input maxLength={PLACE_MAX} placeholder={t('publicInfo.public.placeHint')} data-testid={`${prefix}-place`} /></Form.Item>
      <Form.Item name="description" label={labels.description} extra={t('publicInfo.public.descriptionHint')} rules={required}>
        <Input.TextArea rows={4} maxLength={DESCRIPTION_MAX} data-testid={`${prefix}-description`} />
      </Form.Item>
      <Form.Item name="contact" label={labels.contact}><Input type="tel" inputMode="tel" maxLength={20} autoComplete="tel" data-testid={`${prefix}-contact`} /></Form.Item>
      <Form.Item label={t('publicInfo.public.photo')} htmlFor={`${prefix}-photo`} validateStatus={pick.problem ? 'error' : undefined}
        help={pick.problem ? t(pick.problem === 'type' ? 'publicInfo.public.photoType' : 'publicInfo.public.photoSize') : undefined}>
        <PhotoInput id={`${prefix}-photo`} testId={`${prefix}-photo`} pick={pick} />
      </Form.Item>
    </>
  );
}
