import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The web UI is built into web/dist and served by the Pakalpe server at `/`.
// `npm run dev:web` serves it with hot reload and forwards the API to a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
  test: {
    globals: true,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
