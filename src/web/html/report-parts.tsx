/**
 * Pieces of a report's summary that the reporter's follow-up page and the
 * caseworker's case page both show, each in its own surface's words.
 */
import type { IdentifierKind } from '../../core/taxonomy/taxonomy.js';

/** The perpetrator identifiers the reporter gave, as a list, or `none` when there are none. */
export function IdentifierList({ identifiers, kindLabel, none }: { identifiers: readonly { kind: IdentifierKind; value: string }[]; kindLabel: (kind: IdentifierKind) => string; none: string }) {
  if (!identifiers.length) return <>{none}</>;
  return (
    <ul>
      {identifiers.map((i) => (
        <li>
          {kindLabel(i.kind)}: <span dir="ltr">{i.value}</span>
        </li>
      ))}
    </ul>
  );
}
