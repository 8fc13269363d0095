/**
 * Follow-up: the receipt form, and the reporter's own report with its thread.
 * The forms on the report page carry a short-lived encrypted access token in
 * place of the receipt, so the receipt is typed once and never echoed back.
 */
import { AttachmentField, ThreadFiles } from '../attachments.view.js';
import type { VNode } from 'preact';
import { countryName } from '../../../core/places/countries.js';
import type { ReporterProgress, ReporterView } from '../../../core/reports/report.types.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { POLICE_CONSENT } from '../../../core/taxonomy/taxonomy.js';
import { isolated } from '../../html/isolate.js';
import { withLang } from '../../html/render.js';
import { IdentifierList } from '../../html/report-parts.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';

/** Text a reporter wrote when their access expired, carried through the receipt form so it is not lost. */
export interface PendingText {
  readonly field: 'message' | 'addition';
  readonly text: string;
}

export function ReceiptFormView({ page, receipt, error, pending }: { page: ReporterPage; receipt: string; error?: FieldError | undefined; pending?: PendingText | undefined }) {
  const { t } = page;
  return (
    <ReporterLayout page={page} title={t('followUp.title')} form="receipt-form">
      <h1>{t('followUp.title')}</h1>
      <p>{t('followUp.intro')}</p>
      <ErrorSummary title={t('form.errorSummary', { count: error ? 1 : 0 })} errors={error ? [{ href: '#receipt', text: error.text }] : []} />
      <form id="receipt-form" method="post" action={withLang('/follow-up', page.lang)} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={page.lang} />
        <TextInput id="receipt" name="receipt" label={t('followUp.receipt')} hint={t('followUp.receiptHint')} value={receipt} error={error} inputmode="numeric" dir="ltr" />
        {pending && pending.text ? (
          <TextArea
            id={`pending_${pending.field}`}
            name={`pending_${pending.field}`}
            label={t(pending.field === 'message' ? 'followUp.messageLabel' : 'followUp.addLabel')}
            value={pending.text}
            rows={4}
          />
        ) : null}
        <button type="submit">{t('followUp.open')}</button>
      </form>
    </ReporterLayout>
  );
}

export interface ThreadFormState {
  message: string;
  addition: string;
  messageError?: FieldError | undefined;
  additionError?: FieldError | undefined;
  deleteError?: FieldError | undefined;
  /** A refused file of the message or addition (too big, too many, no room). */
  messageFileError?: FieldError | undefined;
  additionFileError?: FieldError | undefined;
  /** Which form had files chosen: the browser does not keep them. */
  chooseAgain?: 'message' | 'addition' | undefined;
  /** Confirmation after a successful post. */
  done?: 'sent' | 'added' | 'consent' | undefined;
  notice?: string | undefined;
}

/** The steps of the report, each with its day (never a time): received, read, replied, closed. */
function Progress({ page, progress }: { page: ReporterPage; progress: ReporterProgress }) {
  const { t, i18n } = page;
  return (
    <ul class="report-progress" aria-label={t('progress.label')}>
      <li>{t('progress.received', { day: i18n.day(progress.receivedDay) })}</li>
      <li>{progress.readDay ? t('progress.read', { day: i18n.day(progress.readDay) }) : t('progress.notRead')}</li>
      {progress.repliedDay ? <li>{t('progress.replied', { day: i18n.day(progress.repliedDay) })}</li> : null}
      {progress.closedDay ? <li>{t('progress.closed', { day: i18n.day(progress.closedDay) })}</li> : null}
    </ul>
  );
}

export function ReportForReporterView({
  page,
  report,
  access,
  state,
  referrals,
  formToken,
}: {
  page: ReporterPage;
  report: ReporterView;
  access: string;
  state: ThreadFormState;
  referrals?: VNode | null;
  /** The one-time token of the message form: a reload after sending does not send again. */
  formToken: string;
}) {
  const { t, i18n } = page;
  const yn = (b: boolean) => t(b ? 'form.yes' : 'form.no');
  const list = (items: string[]) => i18n.list(items);
  const country = countryName(report.countryCode, page.lang);
  const place = report.areaName ? t('place.areaInCountry', { area: report.areaName, country }) : country;
  const when = report.content.incidentDate ? i18n.day(report.content.incidentDate) : t('followUp.notGiven');
  // Every error of the page is summarised at its top, linked to its field: the delete box sits far below the thread.
  const errors = [
    state.messageError ? { href: '#message', text: state.messageError.text } : null,
    state.messageFileError ? { href: '#message-files', text: state.messageFileError.text } : null,
    state.additionError ? { href: '#addition', text: state.additionError.text } : null,
    state.additionFileError ? { href: '#addition-files', text: state.additionFileError.text } : null,
    state.deleteError ? { href: '#confirm', text: state.deleteError.text } : null,
  ].filter((e): e is { href: string; text: string } => e !== null);
  return (
    <ReporterLayout page={page} title={t('followUp.reportTitle')} form="thread-form">
      <h1>{t('followUp.reportTitle')}</h1>
      {state.done ? (
        <p class="notice" role="status">
          {t(state.done === 'sent' ? 'followUp.sent' : state.done === 'added' ? 'followUp.added' : 'consent.saved')}
        </p>
      ) : null}
      {state.notice ? (
        <p class="notice" role="alert">
          {state.notice}
        </p>
      ) : null}
      <ErrorSummary title={t('form.errorSummary', { count: errors.length })} errors={errors} />
      <p>
        <strong>{t('followUp.status', { status: t(`progress.state.${report.progress.state}` as ReporterMessageId) })}</strong>
      </p>
      <Progress page={page} progress={report.progress} />
      <p>{isolated((mark) => t('followUp.sentOn', { day: i18n.day(report.createdDay), organisation: mark(report.organisationName) }))}</p>
      <dl class="summary">
        <dt>{t('followUp.place')}</dt>
        <dd>
          {place}
          {report.content.placeDetail ? <div dir="auto">{report.content.placeDetail}</div> : null}
        </dd>
        <dt>{t('followUp.when')}</dt>
        <dd>{when}</dd>
        <dt>{t('followUp.what')}</dt>
        <dd>{list(report.categories.map((c) => t(`category.${c}`)))}</dd>
        <dt>{t('followUp.who')}</dt>
        <dd>{report.perpetratorTypes.length ? list(report.perpetratorTypes.map((p) => t(`perpetrator.${p}`))) : t('followUp.notGiven')}</dd>
        <dt>{t('followUp.description')}</dt>
        <dd class="text" dir="auto">
          {report.content.description || t('followUp.notGiven')}
        </dd>
        {report.attachments.some((f) => f.messageId === null) ? (
          <>
            <dt>{t('attach.sentTitle')}</dt>
            <dd>
              <ThreadFiles page={page} access={access} files={report.attachments.filter((f) => f.messageId === null)} />
            </dd>
          </>
        ) : null}
        <dt>{t('followUp.identifiers')}</dt>
        <dd>
          <IdentifierList identifiers={report.content.identifiers} kindLabel={(k) => t(`identifier.${k}`)} none={t('followUp.notGiven')} />
        </dd>
        <dt>{t('followUp.choices')}</dt>
        <dd>
          <ul>
            <li>{t('choice.support', { answer: yn(report.wantsSupport) })}</li>
            <li>{t('choice.warn', { answer: yn(report.warnOthers) })}</li>
            <li>{t('choice.statistics', { answer: yn(report.statistics) })}</li>
            <li>{t('choice.police', { answer: t(`police.${report.police}`) })}</li>
          </ul>
        </dd>
        <dt>{t('followUp.contact')}</dt>
        <dd class="text" dir="auto">
          {report.contact ? [report.contact.name, report.contact.details].filter(Boolean).join(' · ') : t('followUp.notGiven')}
        </dd>
      </dl>

      {report.releases.map((r) => (
        <p class="notice" role="status">
          {t('consent.released', { day: i18n.day(r.day), reason: r.reason })}
        </p>
      ))}

      <h2>{t('followUp.thread')}</h2>
      {report.messages.length === 0 ? <p>{t('followUp.noMessages')}</p> : null}
      <ol class="thread">
        {report.messages.map((m) => (
          <li class={m.author === 'reporter' ? 'mine' : 'theirs'}>
            <p class="meta">
              {m.kind === 'addition' ? t('followUp.addition') : m.author === 'reporter' ? t('followUp.fromYou') : t('followUp.fromCaseworker')} · {i18n.day(m.day)}
            </p>
            <p class="text" dir="auto">
              {m.text}
            </p>
            <ThreadFiles page={page} access={access} files={report.attachments.filter((f) => f.messageId === m.id)} />
          </li>
        ))}
      </ol>

      {/* One form for both boxes (the second button posts elsewhere), so the language switch keeps both texts. */}
      <form id="thread-form" method="post" action={withLang('/follow-up/message', page.lang)} accept-charset="utf-8" enctype="multipart/form-data" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={page.lang} />
        <HiddenInput name="access" value={access} />
        <HiddenInput name="submission" value={formToken} />
        <TextArea id="message" name="message" label={t('followUp.messageLabel')} value={state.message} error={state.messageError} rows={4} />
        <AttachmentField page={page} id="message-files" error={state.messageFileError} chooseAgain={state.chooseAgain === 'message'} />
        <button type="submit">{t('followUp.send')}</button>
        <TextArea id="addition" name="addition" label={t('followUp.addLabel')} hint={t('followUp.addHint')} value={state.addition} error={state.additionError} rows={4} />
        <AttachmentField page={page} id="addition-files" error={state.additionFileError} chooseAgain={state.chooseAgain === 'addition'} />
        <button type="submit" class="secondary" formaction={withLang('/follow-up/add', page.lang)}>
          {t('followUp.add')}
        </button>
      </form>
      <h2>{t('consent.title')}</h2>
      <p>{t('consent.intro')}</p>
      <form method="post" action={withLang('/follow-up/consent', page.lang)} accept-charset="utf-8">
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={page.lang} />
        <HiddenInput name="access" value={access} />
        <ChoiceGroup
          id="police"
          name="police"
          type="radio"
          legend={t('form.wants.police')}
          legendClass="sub"
          options={POLICE_CONSENT.map((p) => ({ value: p, label: t(`police.${p}`) }))}
          checked={[report.police]}
        />
        <ChoiceGroup
          id="statistics"
          name="statistics"
          type="radio"
          inline
          legend={t('form.wants.statistics')}
          legendClass="sub"
          options={[
            { value: 'yes', label: t('form.yes') },
            { value: 'no', label: t('form.no') },
          ]}
          checked={[report.statistics ? 'yes' : 'no']}
        />
        {report.warnOthers ? (
          <div class="field">
            <div class="choice">
              <input type="checkbox" id="stop_warning" name="stop_warning" value="yes" aria-describedby="stop_warning-hint" />
              <label for="stop_warning">{t('consent.warn.stop')}</label>
            </div>
            <p class="hint" id="stop_warning-hint">
              {t('consent.warn.stopHint')}
            </p>
          </div>
        ) : report.warnWithdrawnDay ? (
          <p data-warn-withdrawn>{t('consent.warn.stopped', { day: i18n.day(report.warnWithdrawnDay) })}</p>
        ) : null}
        <button type="submit" class="secondary">
          {t('consent.save')}
        </button>
      </form>

      {referrals ?? null}

      <h2>{t('consent.delete.title')}</h2>
      <form method="post" action={withLang('/follow-up/delete', page.lang)} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={page.lang} />
        <HiddenInput name="access" value={access} />
        <p>{t('consent.delete.intro')}</p>
        <div class={state.deleteError ? 'field has-error' : 'field'}>
          {state.deleteError ? (
            <p class="error" id="confirm-error">
              {state.deleteError.text}
            </p>
          ) : null}
          <div class="choice">
            <input type="checkbox" id="confirm" name="confirm" value="yes" aria-describedby={state.deleteError ? 'confirm-error' : undefined} aria-invalid={state.deleteError ? 'true' : undefined} />
            <label for="confirm">{t('consent.delete.confirm')}</label>
          </div>
        </div>
        <button type="submit" class="secondary">
          {t('consent.delete.button')}
        </button>
      </form>
      <p>{t('followUp.leave')}</p>
    </ReporterLayout>
  );
}
