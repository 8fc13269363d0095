/**
 * A module of the staff catalog (placeholder: no messages yet). A module has
 * en.ts (the source, with descriptions) and one file per other locale, and
 * exports them here as `catalog`.
 */
const en = {} as const satisfies Record<string, { message: string; description: string }>;
type Id = keyof typeof en;
const none = {} as Record<Id, string>;

export const catalog = { en, fr: none, es: none, ro: none, ru: none };
