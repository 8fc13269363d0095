/** Table types of this capability; the Database interface extends this. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServicesRightsTables {}
