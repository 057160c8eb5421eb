const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A link a person may be sent to from our pages: https, or http to this
 * machine (development). Everything else — javascript:, data:, plain http to
 * another host — is refused, wherever a URL is stored or rendered.
 */
export function safeExternalUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) return url.toString();
  return null;
}
