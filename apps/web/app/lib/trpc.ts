import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@bilet/api";

/** The browser's typed client for /trpc (same origin; the session cookie goes along). */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/trpc" })],
});
