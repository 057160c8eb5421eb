import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const WORKSPACE_PACKAGES = ["@bilet/api", "@bilet/auth", "@bilet/config", "@bilet/content", "@bilet/core", "@bilet/db", "@bilet/mail", "@bilet/realtime", "@bilet/validators"];

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  // Workspace packages stay external in the server build: the running server and
  // the route modules must share one instance of them (AppError, the db, sessions).
  build: isSsrBuild ? { rollupOptions: { external: [/^@bilet\//] } } : {},
  ssr: { external: WORKSPACE_PACKAGES },
  // Discovered late, these break the first hydration in dev ("Invalid hook call").
  optimizeDeps: { include: ["socket.io-client", "@trpc/client"] },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
}));
