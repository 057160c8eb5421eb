import { eq } from "drizzle-orm";
import { appSettings, type DbOrTx } from "@bilet/db";

/**
 * A value the platform makes once and keeps (app_settings): the first caller
 * stores what `make` returns, every later one — on any instance — reads it.
 */
export async function settingOnce<T extends Record<string, unknown>>(db: DbOrTx, key: string, make: () => T): Promise<T> {
  const [existing] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  if (existing) return existing.value as T;
  // Two instances may race here: the first insert wins and both read it back.
  await db.insert(appSettings).values({ key, value: make() }).onConflictDoNothing();
  const [stored] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  return stored!.value as T;
}
