/** Any origin of our own: a path that stays on it after parsing stays on the app's origin too. */
const OWN_ORIGIN = "http://app.bilet.invalid";

/**
 * Only a same-origin path may be followed after login, ESIA and similar
 * redirects. The path is parsed as a URL against an origin of our own — as a
 * browser would resolve it — instead of tested as a string: tabs and line
 * breaks are dropped by URL parsers (`/\t/evil.example` becomes
 * `//evil.example`), backslashes count as slashes. The answer is the parsed,
 * percent-encoded path, so it is always safe in a Location header.
 */
export function safeRedirect(path: string | null | undefined): string | null {
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 2000) return null;
  // Control characters have no business in a path; refusing them is simpler than guessing what a browser makes of them.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(path)) return null;
  let url: URL;
  try {
    url = new URL(path, OWN_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== OWN_ORIGIN) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
