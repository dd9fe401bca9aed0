// Playwright's settings for the browser tests (run.sh starts the server and
// sets BAROMETER_URL). Debian's chromium is the browser: nothing is downloaded.
const { defineConfig } = require('@playwright/test');

const out = process.env.BAROMETER_BROWSER_OUT || 'browser-out';

module.exports = defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  fullyParallel: false,
  workers: 1,  // one server, one cycle: the tests run in order
  retries: 0,
  timeout: 60000,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: `${out}/results`,
  use: {
    baseURL: process.env.BAROMETER_URL,
    browserName: 'chromium',
    javaScriptEnabled: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      // Root in CI: chromium's sandbox needs an unprivileged user.
      args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
