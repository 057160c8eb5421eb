/**
 * Plays a browser through the stand-in's login for tests: follows redirects
 * with its own cookie jar, picks a citizen, and stops at the client's
 * redirect URI, returning that URL (with code and state) without fetching it.
 */
export async function loginAsCitizen(authorizationUrl: string, citizenId: string, redirectUri: string): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectUri)) return url;
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie: cookie() } });
    remember(res);
    init = {};
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`stand-in answered ${res.status} without a form or redirect: ${html.slice(0, 300)}`);
    url = new URL(action, url).toString();
    init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ citizen: citizenId }).toString() };
  }
  throw new Error("too many redirects in the stand-in login");
}
