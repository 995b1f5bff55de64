/**
 * Where `remix vite:build` writes and where the server reads the build.
 * REDACTA_BUILD_DIR lets parallel checkouts or test runs keep separate builds.
 */
export const buildDirectory = process.env.REDACTA_BUILD_DIR ?? "build";
