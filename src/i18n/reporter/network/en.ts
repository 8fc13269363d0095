/**
 * Network content and the demo banner on reporter, member and public pages,
 * in English: the source catalog of this module. ICU MessageFormat syntax.
 */
export const en = {
  'network.demoBanner': { message: 'Demo: do not use for real reports', description: 'Banner on every page of a demo installation: nothing sent here reaches a real organisation.' },
  'network.changedBy': {
    message: 'Last changed by {organisation} on {day}, approved by a second editor of the network.',
    description: 'Under a country profile: which organisation changed it last and on which day.',
  },
} as const;
