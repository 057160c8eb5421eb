import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "@bilet/api";

/**
 * The browser's typed client for /trpc (same origin; the session cookie goes
 * along). One call per request: the server answers single calls on its
 * lean path (server/trpc-single-call.ts), and the browser rarely has two at once.
 */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpLink({ url: "/trpc" })],
});
