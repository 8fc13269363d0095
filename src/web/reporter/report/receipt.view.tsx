/**
 * The receipt page: a GET after the POST that stored the report (303), so a
 * reload or Back never sends the form again. Neither the URL nor the cookie
 * carries the receipt: the cookie holds the form's one-time token, whose key
 * opens the encrypted page for a few minutes (core/sessions/form-token.ts).
 * The page itself is no-store.
 */
import type { VNode } from 'preact';
import { formatReceipt } from '../../../core/reports/receipts.js';
import { isolated } from '../../html/isolate.js';
import { withLang } from '../../html/render.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';
import type { Cleaning } from '../../../core/attachments/attachments.service.js';
import { CleaningReport } from '../attachments.view.js';

export function ReceiptView({
  page,
  receipt,
  organisation,
  referrals,
  files = [],
}: {
  page: ReporterPage;
  receipt: string;
  organisation: string;
  referrals?: VNode | null;
  /** The files sent with the report, and what was removed from each. */
  files?: ReadonlyArray<{ name: string; cleaning: Cleaning }>;
}) {
  const { t } = page;
  return (
    <ReporterLayout page={page} title={t('receipt.title')} shownOnce>
      <h1>{t('receipt.title')}</h1>
      <p>{isolated((mark) => t('receipt.sentTo', { organisation: mark(organisation) }))}</p>
      <div class="receipt">
        <p id="receipt-label">{t('receipt.codeLabel')}</p>
        <p class="code" dir="ltr" data-receipt={receipt}>
          {formatReceipt(receipt)}
        </p>
        <p class="warning">{t('receipt.once')}</p>
      </div>
      <h2>{t('receipt.keepTitle')}</h2>
      <ul>
        <li>{t('receipt.keepContact')}</li>
        <li>{t('receipt.keepPaper')}</li>
        <li>{t('receipt.keepPrivate')}</li>
      </ul>
      <CleaningReport page={page} files={files} />
      <p>{t('receipt.next')}</p>
      {referrals ?? null}
      <p>
        <a class="button" href={withLang('/follow-up', page.lang)}>
          {t('receipt.followUp')}
        </a>
      </p>
    </ReporterLayout>
  );
}
