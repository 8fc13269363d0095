/** Reporter messages for changing consent, deleting a report, and seeing identity releases. */
export const en = {
  'consent.title': { message: 'Change your choices', description: 'Heading of the consent form in follow-up.' },
  'consent.intro': {
    message: 'You can change these at any time. A change counts from now on: if you withdraw, nothing more goes to the police and your report leaves the statistics.',
    description: 'Intro of the consent form.',
  },
  'consent.save': { message: 'Save my choices', description: 'Button.' },
  'consent.saved': { message: 'Your choices were saved.', description: 'Confirmation.' },
  'consent.released': {
    message: 'Your contact details were shown to a caseworker on {day}. The reason given: {reason}',
    description: 'Shown to the reporter when their identity was released. {reason} is the caseworker’s text.',
  },
  'consent.delete.title': { message: 'Delete your report', description: 'Heading.' },
  'consent.delete.intro': {
    message: 'This deletes your report, the messages and everything you added, for good. It cannot be undone, and your receipt code will stop working.',
    description: 'Warning.',
  },
  'consent.delete.confirm': { message: 'Yes, delete my report for good', description: 'Check box that confirms deletion.' },
  'consent.delete.button': { message: 'Delete my report', description: 'Button.' },
  'consent.delete.needConfirm': { message: 'Tick the box to confirm.', description: 'Error when the confirmation box was not ticked.' },
  'consent.deleted.title': { message: 'Your report was deleted', description: 'Heading after deletion.' },
  'consent.deleted.body': { message: 'Your report and everything in it are gone. You can close this page.', description: 'Text after deletion.' },
  // Changing your mind about warnings (issue 17.6).
  'consent.warn.stop': {
    message: 'Do not warn others with my report',
    description: 'Check box in the follow-up consent form: the reporter withdraws their agreement that others may be warned from their report.',
  },
  'consent.warn.stopHint': {
    message: 'Your caseworker is told. A warning already published changes only once two caseworkers have agreed, so it may stay as it is for a few days. You cannot undo this here.',
    description: 'Hint under the check box: what happens after withdrawing, honestly (a published warning does not change at once).',
  },
  'consent.warn.stopped': {
    message: 'On {day} you asked that no one be warned with your report.',
    description: 'Shown on the follow-up page after the reporter withdrew consent to warn. {day} is a date.',
  },
} as const satisfies Record<string, { message: string; description: string }>;
