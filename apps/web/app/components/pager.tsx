import { Link, useLocation } from "@remix-run/react";

/** The address parameter that carries a list's cursor (`?after=…`). */
export const AFTER = "after";

/** The current address with `param` set to `value` (or removed), the other parameters (filters) kept. */
function withParam(search: string, param: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(param);
  else params.set(param, value);
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/**
 * Links between the pages of a list, as plain GET links (they work without
 * JavaScript): «Дальше» to the next page, «В начало списка» back to the first.
 * `param` names the cursor parameter when a page has more than one list.
 */
export function Pager({ next, label, param = AFTER, hash }: { next: string | null; label: string; param?: string; hash?: string }) {
  const { search } = useLocation();
  const onLaterPage = new URLSearchParams(search).has(param);
  if (!next && !onLaterPage) return null;
  const anchor = hash ? `#${hash}` : "";
  return (
    <nav className="pager actions" aria-label={label}>
      {onLaterPage ? (
        <Link className="button secondary" to={`${withParam(search, param, null)}${anchor}`}>
          В начало списка
        </Link>
      ) : null}
      {next ? (
        <Link className="button" to={`${withParam(search, param, next)}${anchor}`} rel="next">
          Дальше
        </Link>
      ) : null}
    </nav>
  );
}
