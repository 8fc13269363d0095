/** The guides' names and shape, apart from the index so that each language's module imports them without a circle. */

/** The guides, in the order the pages list them. */
export const GUIDE_SLUGS = ['police', 'victims', 'labour', 'reporting'] as const;
export type GuideSlug = (typeof GUIDE_SLUGS)[number];

export function isGuideSlug(v: string): v is GuideSlug {
  return (GUIDE_SLUGS as readonly string[]).includes(v);
}

export type Guides = Readonly<Record<GuideSlug, string>>;
