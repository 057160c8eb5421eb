/**
 * Dependencies point one way: config, validators ← db ← auth, mail, realtime ← core ← api ← apps/web;
 * apps/worker sits on core (no api, realtime or web).
 * Each rule names what a package may NOT reach.
 */
const pkg = (name) => `^packages/${name}/`;
const above = {
  config: ["validators", "db", "auth", "mail", "realtime", "core", "api"],
  validators: ["config", "db", "auth", "mail", "realtime", "core", "api"],
  db: ["auth", "mail", "realtime", "core", "api"],
  auth: ["mail", "realtime", "core", "api"],
  mail: ["auth", "realtime", "core", "api"],
  realtime: ["auth", "mail", "core", "api"],
  core: ["realtime", "api"],
  api: ["realtime"],
};

module.exports = {
  forbidden: [
    ...Object.entries(above).map(([from, targets]) => ({
      name: `${from}-points-down`,
      comment: `packages/${from} must not depend on ${targets.join(", ")} (dependencies point one way)`,
      severity: "error",
      from: { path: pkg(from) },
      to: { path: `^packages/(${targets.join("|")})/` },
    })),
    {
      name: "packages-not-on-apps",
      comment: "no package imports an app",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "worker-has-no-web-stack",
      comment: "apps/worker runs the background work: config, db, mail and core only, never the API, the live channel or the web app",
      severity: "error",
      from: { path: "^apps/worker/" },
      to: { path: "^(packages/(api|realtime|auth)/|apps/web/)" },
    },
    {
      name: "browser-has-no-server-code",
      comment: "browser modules of the web app may only take types from server packages",
      severity: "error",
      from: { path: "^apps/web/app/", pathNot: "(\\.server\\.(ts|tsx)$|/\\.server/|\\.test\\.)" },
      to: { path: "^packages/(db|auth|mail|realtime|core|api|config)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(node_modules|/build/|/dist/|\\.cache)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js"] },
  },
};
