/**
 * `parasol editor add|remove USERNAME`, `parasol editor list`: the operator
 * names the network editors, the only people who change country profiles
 * (each change then needs a second editor's approval). Naming is left to the
 * operator, who already holds the server, so no web form lets one person make
 * themselves or a colleague an editor.
 */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { EDITORS_NEEDED, listEditors, nameEditor, removeEditor } from '../core/rights/editors.service.js';
import type { Io } from './io.js';

const USAGE = 'Usage: parasol editor add USERNAME | parasol editor remove USERNAME | parasol editor list';

export async function editorCommand(config: Config, io: Io, args: readonly string[]): Promise<number> {
  const [action, username] = args;
  if (!(action === 'list' || ((action === 'add' || action === 'remove') && username))) {
    io.err(USAGE);
    return 2;
  }
  const ctx = await createContext(config);
  try {
    if (action === 'add') {
      const result = await nameEditor(ctx.core, username!);
      if (result === 'unknown') {
        io.err(`No staff account with the login name "${username}".`);
        return 1;
      }
      if (result === 'not-admin') {
        io.err(`"${username}" is not an organisation admin; only admins can be network editors.`);
        return 1;
      }
      if (result === 'inactive') {
        io.err(`The account "${username}" is deactivated; it cannot be an editor.`);
        return 1;
      }
      io.out(result === 'named' ? `"${username}" is now a network editor.` : `"${username}" was already a network editor.`);
    } else if (action === 'remove') {
      if (!(await removeEditor(ctx.core, username!))) {
        io.err(`"${username}" is not a network editor.`);
        return 1;
      }
      io.out(`"${username}" is no longer a network editor.`);
    }
    const editors = await listEditors(ctx.core.db);
    io.out(editors.length ? `Network editors: ${editors.map((e) => `${e.username} (${e.organisationName})`).join(', ')}.` : 'The network has no editors.');
    if (editors.length < EDITORS_NEEDED) io.out(`Country profiles cannot be changed until there are ${EDITORS_NEEDED} editors: one proposes, another approves.`);
    return 0;
  } finally {
    await ctx.close();
  }
}
