import type { SessionUser } from "@bilet/auth";
import type { createCaller } from "@bilet/api";
import type { DevMailbox } from "./dev-mailbox.ts";

/** What every Remix loader and action receives (see getLoadContext in app.ts). */
export interface WebLoadContext {
  /** tRPC caller bound to this request: the same procedures and checks as /trpc. */
  api: ReturnType<typeof createCaller>;
  user: SessionUser | null;
  /** The development mailbox, or null where it must not exist (see dev-mailbox.ts). */
  devMailbox: DevMailbox | null;
  esiaEnabled: boolean;
  /** The request's full URL as the public origin sees it (for OIDC callbacks). */
  publicUrl: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends WebLoadContext {}
}
