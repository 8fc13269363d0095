/**
 * Files on the reporter's pages: the file input of the report and message
 * forms (with what is removed from each kind of file, said before sending),
 * what was done to each file after sending, and the files of the thread.
 */
import { CLEANING, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, megabytes, type AttachmentInfo, type Cleaning } from '../../core/attachments/attachments.service.js';
import type { ReporterMessageId } from '../../i18n/reporter/index.js';
import { FileInput, HiddenInput, type FieldError } from '../html/fields.js';
import type { ReporterPage } from '../html/page.js';
import { withLang } from '../html/render.js';
import type { UploadProblem } from '../plugins/uploads.js';
import type { FieldProblem } from './report/report.form.js';

/** The name of the file field in every reporter form that takes files. */
export const FILE_FIELD = 'attachments';

/** The message next to the file field for a refused upload. */
export function uploadProblem(problem: UploadProblem): FieldProblem {
  switch (problem.kind) {
    case 'tooBig':
      return { id: 'attach.tooBig', values: { name: problem.name, max: megabytes(MAX_FILE_BYTES) } };
    case 'tooMany':
      return { id: 'attach.tooMany', values: { max: MAX_FILES } };
    case 'total':
      return { id: 'attach.total', values: { max: megabytes(MAX_TOTAL_BYTES) } };
    case 'noSpace':
      return { id: 'attach.noSpace' };
    case 'unreadable':
      return { id: 'attach.unreadable', values: { name: problem.name } };
  }
}

/** The file input, with its limits, what is cleaned, and (when the form came back) a reminder to choose files again. */
export function AttachmentField({ page, id = FILE_FIELD, error, chooseAgain }: { page: ReporterPage; id?: string; error?: FieldError | undefined; chooseAgain?: boolean }) {
  const { t } = page;
  const hints = [t('attach.limits', { files: MAX_FILES, perFile: megabytes(MAX_FILE_BYTES), total: megabytes(MAX_TOTAL_BYTES) }), t('attach.cleaning')];
  if (chooseAgain) hints.push(t('attach.chooseAgain'));
  return <FileInput id={id} name={FILE_FIELD} label={t('attach.label')} optional={t('form.optional')} hints={hints} error={error} />;
}

const CLEANING_MESSAGE: Record<Cleaning, ReporterMessageId> = {
  [CLEANING.cleaned]: 'attach.wasCleaned',
  [CLEANING.document]: 'attach.wasDocument',
  [CLEANING.notCleaned]: 'attach.wasNotCleaned',
};

/** What was done to each file, after sending. */
export function CleaningReport({ page, files }: { page: ReporterPage; files: ReadonlyArray<{ name: string; cleaning: Cleaning }> }) {
  if (files.length === 0) return null;
  return (
    <section aria-labelledby="files-sent">
      <h2 id="files-sent">{page.t('attach.sentTitle')}</h2>
      <ul class="files">
        {files.map((f) => (
          <li>
            <bdi>{f.name}</bdi>: {page.t(CLEANING_MESSAGE[f.cleaning])}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The files of one message (or of the report itself), each a download button carrying the access token. */
export function ThreadFiles({ page, files, access }: { page: ReporterPage; files: readonly AttachmentInfo[]; access: string }) {
  if (files.length === 0) return null;
  return (
    <ul class="files">
      {files.map((f) => (
        <li>
          <form method="post" action={withLang('/follow-up/attachment', page.lang)} accept-charset="utf-8">
            <HiddenInput name="_csrf" value={page.csrf()} />
            <HiddenInput name="access" value={access} />
            <HiddenInput name="id" value={f.id} />
            <button type="submit" class="link">
              {page.t('attach.download', { name: f.name, size: Math.max(1, Math.round(f.size / 1024)) })}
            </button>
            {f.cleaning === CLEANING.notCleaned ? <span class="hint"> {page.t('attach.wasNotCleaned')}</span> : null}
          </form>
        </li>
      ))}
    </ul>
  );
}
