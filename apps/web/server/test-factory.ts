import { timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import type { CoreDeps } from "@bilet/core";
import { ensureSeason, makeFamily, makePerson } from "@bilet/core/testing";

const ROLES = new Set(["student", "parent", "mentor", "staff"] as const);

/**
 * POST /__test__/factory for the end-to-end tests: signed-in people made
 * directly in this server's database (so tests never depend on demo rows and
 * never log in through the form). Mounted only when TEST_FACTORY_SECRET is set,
 * which the configuration refuses on a public origin; each call carries it.
 */
export function testFactory(deps: CoreDeps, secret: string): Router {
  const router = express.Router();
  const expected = Buffer.from(secret);
  router.post("/__test__/factory", express.json({ limit: "4kb" }), async (req, res) => {
    const given = Buffer.from(req.get("x-test-factory") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(404).end();
      return;
    }
    const body = (req.body ?? {}) as { make?: string; role?: string; consent?: boolean; grade?: number };
    try {
      if (body.make === "season") {
        res.json(await ensureSeason(deps));
      } else if (body.make === "family") {
        res.json(await makeFamily(deps, { consent: body.consent !== false, grade: body.grade }));
      } else if (body.make === "person" && ROLES.has(body.role as never)) {
        res.json(await makePerson(deps, body.role as "student", { grade: body.grade }));
      } else {
        res.status(400).json({ error: "make: season | family | person (role: student | parent | mentor | staff)" });
      }
    } catch (error) {
      res.status(500).json({ error: String(error) });
    }
  });
  return router;
}
