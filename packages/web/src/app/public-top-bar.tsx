import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { LanguageSwitch } from './language-switch';

/**
 * The top line of a public page (processing notice, transparency report): the way in — to the login page, or back to
 * the workbench for someone already signed in — and the language switch.
 */
export function PublicTopBar({ className }: { className: string }) {
  const { t } = useTranslation();
  const signedIn = !!useSession().data;
  return (
    <div className={className}>
      <Link to={signedIn ? '/' : '/login'} data-testid="public-way-in">
        {t(signedIn ? 'app.backHome' : 'app.toLogin')}
      </Link>
      <LanguageSwitch />
    </div>
  );
}
