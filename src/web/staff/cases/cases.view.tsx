/** The inbox and the case page. Every value from a report is rendered as escaped text. */
import { countryName } from '../../../core/places/countries.js';
import type { Colleague, Inbox, CaseView, ReportMarks } from '../../../core/cases/cases.service.js';
import { CATEGORIES, REPORT_STATUSES } from '../../../core/taxonomy/taxonomy.js';
import type { ContactInput } from '../../../core/reports/report.types.js';
import type { Area } from '../../../core/organisations/organisations.repository.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { FileInput, HiddenInput, Select, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { CLEANING, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, megabytes } from '../../../core/attachments/attachments.service.js';
import { IdentifierList } from '../../html/report-parts.js';
import { StaffLayout } from '../layout.view.js';
import { reporterLabel as labels, shortId, type StaffPage } from '../page.js';
import type { ReportId, UserId } from '../../../core/shared/ids.js';

export interface InboxQuery {
  status: string;
  area: string;
  category: string;
  assignee: string;
  sort: string;
  /** '1' when only reports waiting for the organisation are shown. */
  waiting: string;
}

function queryString(q: InboxQuery, page?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  if (page && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function InboxView({
  page,
  inbox,
  query,
  areas,
  staff,
  unreadable,
}: {
  page: StaffPage;
  inbox: Inbox;
  query: InboxQuery;
  areas: readonly Area[];
  staff: readonly { id: UserId; displayName: string }[];
  unreadable: number;
}) {
  const { t, i18n } = page;
  const label = labels(page);
  const areaName = (id: string | null, country: string) => (id ? (areas.find((a) => a.id === id)?.name ?? id) : t('inbox.elsewhere', { country: countryName(country, page.lang) }));
  const who = (id: UserId | null) => (id ? (staff.find((s) => s.id === id)?.displayName ?? '—') : t('common.nobody'));
  const statuses = ['all', ...REPORT_STATUSES, 'spam'] as const;
  return (
    <StaffLayout page={page} title={t('inbox.title')}>
      <h1>{t('inbox.title')}</h1>
      <nav aria-label={t('case.status')}>
        <ul class="tabs">
          {statuses.map((s) => (
            <li>
              <a href={`/inbox${queryString({ ...query, status: s === 'all' ? '' : s })}`} aria-current={(query.status || 'all') === s ? 'page' : undefined}>
                {t(`inbox.status.${s}` as StaffMessageId)}
                {s !== 'all' ? ` (${i18n.number(inbox.counts[s])})` : ''}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/inbox" class="filters">
        <h2>{t('inbox.filters')}</h2>
        {query.status ? <HiddenInput name="status" value={query.status} /> : null}
        <Select
          id="area"
          name="area"
          label={t('inbox.area')}
          value={query.area}
          placeholder={t('inbox.anyArea')}
          options={areas.map((a) => ({ value: a.id, label: `${a.name} (${countryName(a.country_code, page.lang)})` }))}
        />
        <Select
          id="category"
          name="category"
          label={t('inbox.category')}
          value={query.category}
          placeholder={t('inbox.anyCategory')}
          options={CATEGORIES.map((c) => ({ value: c, label: label(`category.${c}`) }))}
        />
        <Select
          id="assignee"
          name="assignee"
          label={t('inbox.assignee')}
          value={query.assignee}
          placeholder={t('inbox.anyone')}
          options={[{ value: 'me', label: t('inbox.me') }, { value: 'none', label: t('common.nobody') }, ...staff.map((s) => ({ value: s.id, label: s.displayName }))]}
        />
        <Select
          id="sort"
          name="sort"
          label={t('inbox.sort')}
          value={query.sort || 'activity'}
          options={[
            { value: 'activity', label: t('inboxMarks.sortActivity') },
            { value: 'created', label: t('inbox.sortCreated') },
          ]}
        />
        <div class="field choice">
          <input type="checkbox" id="waiting" name="waiting" value="1" checked={query.waiting === '1'} />
          <label for="waiting">{t('inboxMarks.filterWaiting')}</label>
        </div>
        <button type="submit">{t('inbox.apply')}</button>
      </form>
      {unreadable > 0 ? <p class="notice">{t('inbox.unreadable', { count: unreadable })}</p> : null}
      <p role="status">{t('inbox.count', { count: inbox.total })}</p>
      {inbox.rows.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('inbox.col.report')}</th>
                <th scope="col">{t('inboxMarks.col')}</th>
                <th scope="col">{t('inbox.col.status')}</th>
                <th scope="col">{t('inbox.col.place')}</th>
                <th scope="col">{t('inbox.col.categories')}</th>
                <th scope="col">{t('inbox.col.assignee')}</th>
                <th scope="col">{t('inbox.col.activity')}</th>
                <th scope="col">{t('inbox.col.received')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/reports/${r.id}`}>{shortId(r.id)}</a>
                  </td>
                  <td>
                    <Marks page={page} marks={r.marks} />
                  </td>
                  <td>{t(`inbox.status.${r.status}` as StaffMessageId)}</td>
                  <td>{areaName(r.areaId, r.countryCode)}</td>
                  <td>{r.categories.map((c) => label(`category.${c}`)).join(', ')}</td>
                  <td>{who(r.assigneeUserId)}</td>
                  <td>{i18n.day(r.lastActivityDay)}</td>
                  <td>{i18n.day(r.createdDay)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {inbox.pages > 1 ? (
        <nav aria-label={t('common.page', { page: inbox.page, pages: inbox.pages })} class="pager">
          <p>{t('common.page', { page: inbox.page, pages: inbox.pages })}</p>
          {inbox.page > 1 ? <a href={`/inbox${queryString(query, inbox.page - 1)}`}>{t('common.previous')}</a> : null}{' '}
          {inbox.page < inbox.pages ? <a href={`/inbox${queryString(query, inbox.page + 1)}`}>{t('common.next')}</a> : null}
        </nav>
      ) : null}
    </StaffLayout>
  );
}

/** What needs this caseworker's attention on a report, as words (never colour alone). */
function Marks({ page, marks }: { page: StaffPage; marks: ReportMarks }) {
  const { t } = page;
  const items = [
    marks.unread > 0 ? <li class="mark unread">{t('inboxMarks.unread', { count: marks.unread })}</li> : null,
    !marks.opened ? <li class="mark">{t('inboxMarks.notOpened')}</li> : null,
    marks.waiting ? <li class="mark">{t('inboxMarks.waiting')}</li> : null,
    marks.matched ? <li class="mark match">{t('inboxMarks.match')}</li> : null,
  ].filter(Boolean);
  return items.length ? <ul class="marks">{items}</ul> : null;
}

/** `shownId` is the id as the address gave it: a report's id, or (not found) whatever was asked for, only shown. */
export function NoAccessView({ page, shownId, colleagues }: { page: StaffPage; shownId: string; colleagues: readonly Colleague[] }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('case.title', { id: shortId(shownId) })}>
      <p>
        <a href="/inbox">{t('case.back')}</a>
      </p>
      <h1>{t('case.title', { id: shortId(shownId) })}</h1>
      <p class="notice" role="alert">
        {t('case.noAccess')}
      </p>
      <h2>{t('case.canRead')}</h2>
      <ul>
        {colleagues
          .filter((c) => c.hasAccess)
          .map((c) => (
            <li>{c.displayName}</li>
          ))}
      </ul>
    </StaffLayout>
  );
}

export interface CaseFormState {
  reply: string;
  note: string;
  tags?: string;
  merge?: string;
  replyError?: FieldError | undefined;
  noteError?: FieldError | undefined;
  mergeError?: FieldError | undefined;
  contact?: ContactInput | null | undefined;
  reason?: string;
  reasonError?: FieldError | undefined;
  /** A refused file of the reply (too big, too many, no room). */
  fileError?: FieldError | undefined;
  /** Files had been chosen: the browser does not keep them. */
  chooseAgain?: boolean | undefined;
}

/** Files of the report or of one message, each a download link; a file that could not be cleaned says so. */
function FileList({ page, reportId, files }: { page: StaffPage; reportId: ReportId; files: CaseView['attachments'] }) {
  if (files.length === 0) return null;
  return (
    <ul class="files">
      {files.map((f) => (
        <li>
          <a href={`/reports/${reportId}/attachments/${f.id}`} download>
            {page.t('case.file.download', { name: f.name, size: Math.max(1, Math.round(f.size / 1024)) })}
          </a>
          {f.cleaning === CLEANING.notCleaned ? <span class="hint"> {page.t('case.file.notCleaned')}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** Where this caseworker stands on revealing the reporter's contact details. */
export interface IdentityState {
  readonly status: 'none' | 'pending' | 'refused' | 'approved';
  readonly day: string | null;
}

export function CaseView({
  page,
  view,
  areas,
  colleagues,
  state,
  identity,
  canDisclose,
  marks,
}: {
  page: StaffPage;
  view: CaseView;
  areas: readonly Area[];
  colleagues: readonly Colleague[];
  state: CaseFormState;
  identity: IdentityState;
  canDisclose: boolean;
  marks: Pick<ReportMarks, 'waiting' | 'matched'>;
}) {
  const { t, i18n } = page;
  const label = labels(page);
  const r = view.report;
  const id = r.id;
  const yn = (b: number) => t(b === 1 ? 'common.yes' : 'common.no');
  const area = r.area_id ? (areas.find((a) => a.id === r.area_id)?.name ?? r.area_id) : null;
  const place = [area ?? t('inbox.elsewhere', { country: countryName(r.country_code, page.lang) }), area ? countryName(r.country_code, page.lang) : null].filter(Boolean).join(', ');
  const csrf = <HiddenInput name="_csrf" value={page.csrf()} />;
  const staffName = (uid: string | null) => colleagues.find((c) => c.id === uid)?.displayName ?? '—';
  const lacking = colleagues.filter((c) => !c.hasAccess);
  return (
    <StaffLayout page={page} title={t('case.title', { id: shortId(id) })}>
      <p>
        <a href="/inbox">{t('case.back')}</a>
      </p>
      <h1>{t('case.title', { id: shortId(id) })}</h1>
      <p>
        <strong>{t(`inbox.status.${r.status}` as StaffMessageId)}</strong> · {t('case.received', { day: i18n.day(r.created_day), activity: i18n.day(r.last_activity_day) })}
      </p>
      {marks.waiting ? <p class="notice">{t('caseMarks.waiting')}</p> : null}
      {marks.matched ? (
        <p class="notice">
          {t('caseMarks.match')} <a href="/safety/matches">{t('caseMarks.matchLink')}</a>
        </p>
      ) : null}
      {r.merged_into ? <p class="notice">{t('case.mergedInto', { id: shortId(r.merged_into) })}</p> : null}
      {r.is_spam === 1 ? <p class="notice">{t('case.isSpam')}</p> : null}
      <dl class="summary">
        <dt>{t('case.place')}</dt>
        <dd>{place}</dd>
        {view.content.placeDetail ? (
          <>
            <dt>{t('case.placeDetail')}</dt>
            <dd class="text" dir="auto">
              {view.content.placeDetail}
            </dd>
          </>
        ) : null}
        <dt>{t('case.when')}</dt>
        <dd>{view.content.incidentDate ? i18n.day(view.content.incidentDate) : t('common.none')}</dd>
        <dt>{t('case.categories')}</dt>
        <dd>{view.row.categories.map((c) => label(`category.${c}`)).join(', ')}</dd>
        <dt>{t('case.perpetrators')}</dt>
        <dd>
          {r.perpetrator_types
            ? r.perpetrator_types
                .split(' ')
                .map((p) => label(`perpetrator.${p}`))
                .join(', ')
            : t('common.none')}
        </dd>
        <dt>{t('case.description')}</dt>
        <dd class="text" dir="auto">
          {view.content.description || t('common.none')}
        </dd>
        {view.attachments.some((f) => f.messageId === null) ? (
          <>
            <dt>{t('case.files')}</dt>
            <dd>
              <FileList page={page} reportId={id} files={view.attachments.filter((f) => f.messageId === null)} />
            </dd>
          </>
        ) : null}
        <dt>{t('case.identifiers')}</dt>
        <dd>
          <IdentifierList identifiers={view.content.identifiers} kindLabel={(k) => label(`identifier.${k}`)} none={t('common.none')} />
        </dd>
        <dt>{t('case.language')}</dt>
        <dd>{new Intl.DisplayNames([page.lang], { type: 'language' }).of(view.content.language) ?? view.content.language}</dd>
        <dt>{t('case.wants')}</dt>
        <dd>
          <ul>
            <li>{t('case.support', { answer: yn(r.wants_support) })}</li>
            <li>
              {t('case.warn', { answer: yn(r.warn_others) })}
              {r.warn_withdrawn_day ? (
                <p class="notice" data-warn-withdrawn>
                  {t('staffSafety.review.case', { day: i18n.day(r.warn_withdrawn_day) })} <a href="/safety">{t('staffSafety.review.caseLink')}</a>
                </p>
              ) : null}
            </li>
            <li>{t('case.statistics', { answer: yn(r.statistics_consent) })}</li>
            <li>{t('case.police', { level: t(`case.police.${r.police_consent}` as StaffMessageId) })}</li>
          </ul>
        </dd>
      </dl>

      {canDisclose ? (
        <p>
          <a class="button secondary" href={`/reports/${id}/disclosure`}>
            {t('consentStaff.disclose')}
          </a>
        </p>
      ) : null}

      <p>
        <a href={`/reports/${id}/referrals`}>{t('staffServices.ref.link')}</a>
        {r.warn_others === 1 ? (
          <>
            {' · '}
            <a href={`/safety/warnings/new?report=${id}`}>{t('staffSafety.draft.fromReport')}</a>
          </>
        ) : null}
      </p>

      <h2>{t('case.contact')}</h2>
      {!view.hasContact ? (
        <p>{t('case.contactNone')}</p>
      ) : state.contact ? (
        <p class="text" dir="auto">
          {[state.contact.name, state.contact.details].filter(Boolean).join(' · ')}
        </p>
      ) : identity.status === 'approved' ? (
        <form method="post" action={`/reports/${id}/identity/reveal`}>
          {csrf}
          <p>{t('consentStaff.identity.approved', { day: i18n.day(identity.day ?? '') })}</p>
          <button type="submit" class="secondary">
            {t('consentStaff.identity.reveal')}
          </button>
        </form>
      ) : identity.status === 'pending' ? (
        <p>{t('consentStaff.identity.pending', { day: i18n.day(identity.day ?? '') })}</p>
      ) : (
        <form method="post" action={`/reports/${id}/identity/request`} novalidate>
          {csrf}
          <p>{t('case.contactSealed')}</p>
          <p class="hint">{t('consentStaff.identity.explain')}</p>
          {identity.status === 'refused' ? <p>{t('consentStaff.identity.refused', { day: i18n.day(identity.day ?? '') })}</p> : null}
          <TextArea id="reason" name="reason" label={t('consentStaff.identity.reason')} value={state.reason ?? ''} error={state.reasonError} rows={3} />
          <button type="submit" class="secondary">
            {t('consentStaff.identity.request')}
          </button>
        </form>
      )}

      <h2>{t('case.thread')}</h2>
      {view.messages.length === 0 ? <p>{t('case.noMessages')}</p> : null}
      <ol class="thread">
        {view.messages.map((m) => (
          <li class={m.author === 'staff' ? 'mine' : 'theirs'}>
            <p class="meta">
              {m.kind === 'addition' ? t('case.addition') : m.author === 'reporter' ? t('case.fromReporter') : t('case.fromStaff')} · {i18n.day(m.day)}
              {m.author === 'reporter' && m.seq > (view.seenBefore ?? 0) ? (
                <>
                  {' · '}
                  <strong class="mark unread">{t('caseMarks.new')}</strong>
                </>
              ) : null}
            </p>
            <p class="text" dir="auto">
              {m.text}
            </p>
            <FileList page={page} reportId={id} files={view.attachments.filter((f) => f.messageId === m.id)} />
          </li>
        ))}
      </ol>
      <form method="post" action={`/reports/${id}/reply`} enctype="multipart/form-data" novalidate>
        {csrf}
        <TextArea id="reply" name="reply" label={t('case.reply')} hint={t('case.replyHint')} value={state.reply} error={state.replyError} rows={5} />
        <FileInput
          id="attachments"
          name="attachments"
          label={t('case.file.label')}
          hints={[t('case.file.hint', { files: MAX_FILES, perFile: megabytes(MAX_FILE_BYTES), total: megabytes(MAX_TOTAL_BYTES) }), ...(state.chooseAgain ? [t('case.file.chooseAgain')] : [])]}
          error={state.fileError}
        />
        <button type="submit">{t('case.send')}</button>
      </form>

      <h2>{t('case.notes')}</h2>
      {view.notes.length === 0 ? <p>{t('case.noNotes')}</p> : null}
      <ol class="thread">
        {view.notes.map((n) => (
          <li>
            <p class="meta">
              {staffName(n.authorUserId)} · {i18n.day(n.at.slice(0, 10))}
            </p>
            <p class="text" dir="auto">
              {n.text}
            </p>
          </li>
        ))}
      </ol>
      <form method="post" action={`/reports/${id}/note`} novalidate>
        {csrf}
        <TextArea id="note" name="note" label={t('case.note')} value={state.note} error={state.noteError} rows={3} />
        <button type="submit" class="secondary">
          {t('case.addNote')}
        </button>
      </form>

      <h2>{t('case.manage')}</h2>
      <div class="actions-grid">
        <form method="post" action={`/reports/${id}/status`}>
          {csrf}
          <Select id="status" name="status" label={t('case.status')} value={r.status} options={REPORT_STATUSES.map((s) => ({ value: s, label: t(`inbox.status.${s}` as StaffMessageId) }))} />
          <button type="submit" class="secondary">
            {t('common.save')}
          </button>
        </form>
        <form method="post" action={`/reports/${id}/assign`}>
          {csrf}
          <Select
            id="assignee"
            name="assignee"
            label={t('case.assign')}
            value={r.assignee_user_id ?? ''}
            placeholder={t('common.nobody')}
            options={colleagues.filter((c) => c.hasAccess).map((c) => ({ value: c.id, label: c.displayName }))}
          />
          <button type="submit" class="secondary">
            {t('common.save')}
          </button>
        </form>
        <form method="post" action={`/reports/${id}/tags`}>
          {csrf}
          <TextInput id="tags" name="tags" label={t('case.tags')} hint={t('case.tagsHint')} value={state.tags ?? r.tags ?? ''} />
          <button type="submit" class="secondary">
            {t('common.save')}
          </button>
        </form>
        <form method="post" action={`/reports/${id}/merge`} novalidate>
          {csrf}
          <TextInput id="merge" name="into" label={t('case.merge')} value={state.merge ?? ''} error={state.mergeError} dir="ltr" />
          <button type="submit" class="secondary">
            {t('case.mergeButton')}
          </button>
        </form>
        <form method="post" action={`/reports/${id}/spam`}>
          {csrf}
          <HiddenInput name="spam" value={r.is_spam === 1 ? 'no' : 'yes'} />
          <button type="submit" class="secondary">
            {r.is_spam === 1 ? t('case.notSpam') : t('case.spam')}
          </button>
        </form>
      </div>

      <h2>{t('case.grant')}</h2>
      <p class="hint">{t('case.grantHint')}</p>
      {lacking.length ? (
        <form method="post" action={`/reports/${id}/grant`}>
          {csrf}
          <Select id="colleague" name="colleague" label={t('case.grant')} value="" options={lacking.map((c) => ({ value: c.id, label: c.displayName }))} />
          <button type="submit" class="secondary">
            {t('case.grantButton')}
          </button>
        </form>
      ) : (
        <p>{t('case.everyoneHasAccess')}</p>
      )}
    </StaffLayout>
  );
}
