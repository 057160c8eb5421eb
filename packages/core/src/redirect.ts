/** Only same-site paths may be followed after login, ESIA and similar redirects. */
export function safeRedirect(path: string | null | undefined): string | null {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.includes("\\") ? path : null;
}
