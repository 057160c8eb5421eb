import { authRouter } from "./routers/auth.ts";
import { cabinetRouter } from "./routers/cabinet.ts";
import { childAccountsRouter } from "./routers/child-accounts.ts";
import { consentRouter } from "./routers/consent.ts";
import { dataRightsRouter } from "./routers/data-rights.ts";
import { diagnosticsRouter } from "./routers/diagnostics.ts";
import { esiaRouter } from "./routers/esia.ts";
import { familyRouter } from "./routers/family.ts";
import { notificationsRouter } from "./routers/notifications.ts";
import { notificationSettingsRouter } from "./routers/notification-settings.ts";
import { profileRouter } from "./routers/profile.ts";
import { recommendationsRouter } from "./routers/recommendations.ts";
import { referenceRouter } from "./routers/reference.ts";
import { requestsRouter } from "./routers/requests.ts";
import { trialsRouter } from "./routers/trials.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  cabinet: cabinetRouter,
  family: familyRouter,
  childAccounts: childAccountsRouter,
  consent: consentRouter,
  esia: esiaRouter,
  trials: trialsRouter,
  diagnostics: diagnosticsRouter,
  recommendations: recommendationsRouter,
  requests: requestsRouter,
  notifications: notificationsRouter,
  notificationSettings: notificationSettingsRouter,
  profile: profileRouter,
  reference: referenceRouter,
  dataRights: dataRightsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller for Remix loaders and actions: same checks and errors as over HTTP. */
export const createCaller = createCallerFactory(appRouter);
