// Shared steps for the browser tests: signing in as a role, and looking at a
// page (a screenshot for a person, an axe-core accessibility check).
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('fs');
const path = require('path');

const password = process.env.BAROMETER_PASSWORD;
const out = process.env.BAROMETER_BROWSER_OUT || 'browser-out';
const period = '2023-24 Q3';

// Every dialog (alert, confirm) fails the test: the pages run no script, so
// one means injected markup ran.
function failOnDialog(page) {
  page.on('dialog', async (d) => {
    await d.dismiss();
    throw new Error(`a script ran on ${page.url()}: dialog "${d.message()}"`);
  });
}

async function signIn(page, name) {
  failOnDialog(page);
  await page.goto('/login');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('nav .who')).toContainText(name);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

// A full-page screenshot under OUT/screens/, and no serious or critical
// WCAG 2.1 A/AA violation by axe-core. Returns the violations it saw.
async function look(page, label) {
  await page.screenshot({ path: path.join(out, 'screens', `${label}.png`), fullPage: true });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const seen = result.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
  fs.mkdirSync(path.join(out, 'axe'), { recursive: true });
  fs.writeFileSync(path.join(out, 'axe', `${label}.txt`), `${page.url()}\n${seen.join('\n')}\n`);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ` +
    v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    '));
  expect(report, `accessibility on ${label} (${page.url()})`).toEqual([]);
  return result.violations;
}

module.exports = { signIn, signOut, look, period, failOnDialog };
