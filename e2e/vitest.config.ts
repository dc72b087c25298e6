// The end-to-end test runs alone (`npm run test:e2e`): it needs the built demo (web/dist), the
// built CLI (dist/) and Debian's chromium at /usr/bin/chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
