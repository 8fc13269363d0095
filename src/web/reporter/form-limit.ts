import { TEXT_FORM_LIMIT } from '../plugins/form-body.js';

/** Room for every field at its length limit in any script, percent-encoded; more is refused with 413 before parsing. */
export const FORM_BODY_LIMIT = TEXT_FORM_LIMIT;
