// Pieces the resident's own consent card and the guardian's card for a child (我的信息, ADR 0033 / 0039) show alike.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import type { ConsentTag } from './api';

/** The care tags the consent covers, as a fact list. */
export function ConsentTagFacts({ tags }: { tags: readonly ConsentTag[] }) {
  const { t } = useTranslation();
  return (
    <dl className="rx-facts">
      <div>
        <dt>{t('consent.mine.tags')}</dt>
        <dd>{tags.length ? tags.map((g) => t(`registry.tags.${g}`)).join('、') : t('consent.mine.noTags')}</dd>
      </div>
    </dl>
  );
}

/** A failed give/withdraw: a changed processing notice says so in words; anything else as the server said it. */
export function ConsentActionError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <Alert type="error" showIcon className="rx-gap" title={isApiError(error) && error.code === 'notice_version_mismatch' ? t('consent.mine.versionChanged') : errorText(error, t, i18n.language)} />
  );
}
