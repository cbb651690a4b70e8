import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The app under test is the production build (`npm start` builds it when needed) on an embedded
// database in a fresh temporary folder. E2E_DATA_DIR tells the specs where it is (setup token file).
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sdp-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
// Debian's headless shell (package chromium-headless-shell) when it is there: the same engine
// without the browser's UI, which on two cores ran the suite in about 140 s instead of 190–220 s.
const chromium =
  process.env.CHROMIUM_PATH ||
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) ||
  '/usr/bin/chromium';
// The local CamDX peer the app talks to (registry sync, Khmer ID, the CamDX connection page).
const peerPort = Number(process.env.E2E_PEER_PORT ?? 4410);
// Specs reach the peer's control endpoints (e2e/fixtures/peer.ts) at this address.
process.env.E2E_PEER_URL = `http://127.0.0.1:${peerPort}`;

const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: existsSync(chromium) ? chromium : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

// What must happen first, one after the other (project dependencies): the first platform
// administrator (auth/01-setup), then one sign-in saved for the run (setup/*.setup.ts), then the
// gazetteer import from an empty gazetteer. Every other spec makes its own operator and accounts,
// so those files run in parallel workers (the tests of one file stay in order, on one worker).
const FIRST_RUN = /e2e\/auth\/01-setup\.spec\.ts$/;
const GAZETTEER = /e2e\/gazetteer\/import\.spec\.ts$/;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  // Two cores run the server, the CamDX peer and the browsers: three workers keep them busy.
  workers: Number(process.env.E2E_WORKERS ?? 3),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    locale: 'en-US',
    timezoneId: 'Asia/Phnom_Penh',
  },
  projects: [
    { name: 'first-run', testMatch: FIRST_RUN, use: browser },
    { name: 'sign-in', testMatch: /setup\/.*\.setup\.ts$/, dependencies: ['first-run'], use: browser },
    { name: 'gazetteer', testMatch: GAZETTEER, dependencies: ['sign-in'], use: browser },
    { name: 'chromium', testIgnore: [FIRST_RUN, GAZETTEER], dependencies: ['gazetteer'], use: browser },
  ],
  webServer: [
    {
      command: `npx tsx camdx-peer/main.ts --port ${peerPort}`,
      url: `http://127.0.0.1:${peerPort}/__peer/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
    },
    {
      command: 'node scripts/start.mjs',
      url: `http://localhost:${port}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        PORT: String(port),
        DATA_DIR: dataDir,
        NEXTAUTH_URL: `http://localhost:${port}`,
        LOG_LEVEL: 'warn',
        // The e2e runs many sign-ins from one address; the per-address limit is tested on its own.
        LOGIN_MAX_PER_ADDRESS: '1000',
        DATABASE_URL: '',
        INITIAL_ADMIN_EMAIL: '',
        INITIAL_ADMIN_PASSWORD: '',
        CAMDX_SECURITY_SERVER_URL: `http://127.0.0.1:${peerPort}`,
        CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP-DEV/SDP',
        CAMDX_SPR_SERVICE_ID: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
        CAMDX_MOI_SERVICE_ID: 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid',
        CAMDX_SYNC_INTERVAL_MS: '1000',
      },
    },
  ],
});
