/**
 * Network content (country profiles changed by network editors, two by two),
 * services within an organisation's areas, and the demo banner, in English:
 * the source catalog of this module. ICU MessageFormat syntax.
 */
export const en = {
  'network.demoBanner': { message: 'Demo: do not use for real reports', description: 'Banner on every page of a demo installation, whose accounts and passwords were printed.' },
  'staffServices.error.notCovered': {
    message: 'Your organisation covers only these areas: {areas}. Choose one of them; an admin adds areas on the Areas page.',
    description: 'Error on the area of a service outside the organisation’s areas. {areas} lists the areas it covers.',
  },
  'staffServices.error.countryNotCovered': {
    message: 'Your organisation covers no area in this country. It covers: {areas}.',
    description: 'Error on the country of a service in a country where the organisation covers nothing. {areas} lists the areas it covers.',
  },
  'staffServices.error.noCoverage': {
    message: 'Your organisation covers no area yet, so it cannot publish services. An admin adds areas on the Areas page first.',
    description: 'Error when an organisation without any area tries to publish a service.',
  },
  'network.notEditor': {
    message:
      'Only network editors change country profiles, because every reporter of the network reads them. You are not an editor: the server’s operator names editors with the command parasol editor add USERNAME.',
    description: 'Shown to a staff member who is not a network editor. Keep the command as it is.',
  },
  'network.tooFewEditors': {
    message:
      'Changing country profiles is unavailable: each change needs a second editor to approve it, and the network has {count, plural, =0 {no editor} one {only one editor} other {# editors}}. Ask the server’s operator to name a second editor with parasol editor add USERNAME.',
    description: 'Shown when there are fewer than two network editors. Keep the command as it is.',
  },
  'network.editors': { message: 'Network editors: {names}.', description: 'Lists the network editors, each with their organisation.' },
  'network.editorsNone': { message: 'The network has no editors yet.', description: 'Shown when no one is a network editor.' },
  'network.proposed': {
    message: 'Your change is saved as a proposal. The public sees it once a second editor approves it.',
    description: 'Notice after an editor proposes a change to a country profile.',
  },
  'network.unchanged': { message: 'Nothing was changed, so nothing was proposed.', description: 'Notice when the submitted profile is the same as the current one.' },
  'network.changes.title': { message: 'Changes awaiting a second editor', description: 'Heading of the list of proposed profile changes.' },
  'network.changes.none': { message: 'No change awaits approval.', description: 'Shown when no change is pending.' },
  'network.changes.pending': {
    message: '{count, plural, one {# change awaits} other {# changes await}} a second editor’s approval.',
    description: 'Count of pending profile changes, above the profiles list.',
  },
  'network.changes.review': { message: 'Review the changes', description: 'Link to the pending profile changes.' },
  'network.changes.by': { message: '{name}: proposed by {organisation} on {day}', description: 'Heading of one pending change. {name} is the country.' },
  'network.changes.field': { message: 'Field', description: 'Column: the changed field.' },
  'network.changes.before': { message: 'Now', description: 'Column: what the public reads now.' },
  'network.changes.after': { message: 'Proposed', description: 'Column: the proposed text.' },
  'network.changes.approve': { message: 'Approve and publish', description: 'Button: approve a change; the public then sees it.' },
  'network.changes.refuse': { message: 'Refuse', description: 'Button: refuse a change.' },
  'network.changes.approved': { message: 'The change is approved and published.', description: 'Notice after approving.' },
  'network.changes.refused': { message: 'The change is refused; the profile stays as it was.', description: 'Notice after refusing.' },
  'network.changes.own': { message: 'You proposed this change: another editor must decide it.', description: 'Shown instead of the buttons on the editor’s own proposal, and as a notice.' },
  'network.changes.stale': {
    message: 'The profile changed after this proposal, so it was not published. Propose the change again on the current profile.',
    description: 'Notice when approving a change whose profile has changed since.',
  },
  'network.changes.gone': { message: 'This change was already decided.', description: 'Notice when the change is no longer pending.' },
  'network.col.changed': { message: 'Last changed', description: 'Column: which organisation changed the profile last, and when.' },
  'network.changedCell': { message: '{organisation}, {day}', description: 'Cell: the organisation and the day of the last change.' },
  'network.neverChanged': { message: 'Not since import', description: 'Cell: the profile is as imported from the research data.' },
  'network.services.tab': { message: 'Other organisations', description: 'Tab: services of other organisations, which network editors correct.' },
  'network.services.title': { message: 'Other organisations’ services', description: 'Heading of the page listing other organisations’ services.' },
  'network.services.intro': {
    message: 'Network editors correct other organisations’ entries. A correction is shown only after a second editor approves it.',
    description: 'Explains the two-editor rule for services.',
  },
  'network.services.notEditor': {
    message:
      'Only network editors correct other organisations’ services, because reporters of the whole network are referred to them. You are not an editor: the server’s operator names editors with the command parasol editor add USERNAME.',
    description: 'Shown to a staff member who is not a network editor. Keep the command as it is.',
  },
  'network.services.tooFewEditors': {
    message:
      'Correcting other organisations’ services is unavailable: each correction needs a second editor to approve it, and the network has {count, plural, =0 {no editor} one {only one editor} other {# editors}}. Ask the server’s operator to name a second editor with parasol editor add USERNAME.',
    description: 'Shown when there are fewer than two network editors. Keep the command as it is.',
  },
  'network.services.entries': { message: 'Entries', description: 'Heading of the list of other organisations’ services.' },
  'network.services.none': { message: 'No other organisation has published a service.', description: 'Shown when there is no entry of another organisation.' },
  'network.services.propose': { message: 'Propose a correction', description: 'Link to the correction form of one entry.' },
  'network.services.refused': { message: 'The correction is refused; the entry stays as it was.', description: 'Notice after refusing a correction.' },
  'network.services.approved': { message: 'The correction is approved and shown.', description: 'Notice after approving a correction.' },
  'network.services.stale': {
    message: 'The entry changed after this proposal, so it was not applied. Propose the correction again on the current entry.',
    description: 'Notice when approving a correction whose entry has changed since.',
  },
} as const;
