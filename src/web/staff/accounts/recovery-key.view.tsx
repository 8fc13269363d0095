/** The recovery key, shown once: after set-up, recovery, a password change with a new key pair, or logging out everywhere with one. */
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { StaffLayout } from '../layout.view.js';
import type { StaffPage } from '../page.js';

export function RecoveryKeyView({ page, recoveryKey, intro, next, nextLabel }: { page: StaffPage; recoveryKey: string; intro: StaffMessageId; next: string; nextLabel: StaffMessageId }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('setup.recoveryTitle')}>
      <h1>{t('setup.recoveryTitle')}</h1>
      <p>{t(intro)}</p>
      <p class="receipt">
        <code class="code" dir="ltr" data-recovery-key={recoveryKey}>
          {recoveryKey}
        </code>
      </p>
      <p class="warning">{t('setup.recoveryKeep')}</p>
      <p>
        <a class="button" href={next}>
          {t(nextLabel)}
        </a>
      </p>
    </StaffLayout>
  );
}
