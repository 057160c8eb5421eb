import type { TRPCRouterRecord } from "@trpc/server";
import { REGIONS } from "@bilet/validators";
import { publicProcedure } from "../trpc.ts";

export const referenceRouter = {
  regions: publicProcedure.query(() => REGIONS.map(([code, name]) => ({ code, name }))),
} satisfies TRPCRouterRecord;
