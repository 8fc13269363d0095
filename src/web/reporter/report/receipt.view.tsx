/**
 * The receipt page, rendered straight from the POST that stored the report.
 * A redirect would have to carry the receipt in a URL or a cookie, and both
 * stay behind on the device; the page itself is no-store.
 */
import type { VNode } from 'preact';
import { formatReceipt } from '../../../core/reports/receipts.js';
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
      <p>{t('receipt.sentTo', { organisation })}</p>
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
