import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { unavailableAs503 } from "./page-api.ts";

const caller = {
  trials: {
    list: async () => {
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "Сервис временно недоступен, попробуйте через минуту" });
    },
    byId: async () => {
      throw new TRPCError({ code: "NOT_FOUND", message: "Проба не найдена" });
    },
    count: async () => 3,
  },
};

describe("the caller pages use", () => {
  it("turns a database outage into a 503 page response with the Russian message", async () => {
    const thrown = await unavailableAs503(caller).trials.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toMatchObject({ type: "DataWithResponseInit", data: "Сервис временно недоступен, попробуйте через минуту", init: { status: 503 } });
  });

  it("leaves other errors and answers as they are", async () => {
    await expect(unavailableAs503(caller).trials.byId()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await unavailableAs503(caller).trials.count()).toBe(3);
  });
});
