// The quarterly cycle in a browser, as each role (issue 14): the owner
// submits, the committee returns then accepts, the analyst locks and
// generates the Board pack, the Board member reads and downloads it, the
// analyst publishes it, the public reads only what is published. Every page visited is
// screenshotted and checked with axe-core.
const { test, expect } = require('@playwright/test');
const { signIn, signOut, look, period, failOnDialog } = require('./lib');

test.describe.configure({ mode: 'serial' });

// Hostile text typed into the forms: it must come back as text, never as markup.
const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>"><b>bold</b>';

// The check itself: a page with an unlabelled field fails it (so a pass
// below means axe ran and found nothing serious, not that it saw nothing).
test('the accessibility check fails a page with an unlabelled field', async ({ page }) => {
  await page.setContent('<!DOCTYPE html><html lang="en"><title>t</title><main><input></main></html>');
  await expect(look(page, '00-axe-self-check')).rejects.toThrow(/label \(critical\)/);
});

test('the public is asked to sign in while the period is open', async ({ page }) => {
  failOnDialog(page);
  const response = await page.goto('/');
  expect(response.status()).toBe(401);
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await look(page, '01-public-open-period');
  const api = await page.request.get('/api/summary');
  expect(api.status()).toBe(401);
  await page.goto('/login');
  await look(page, '02-sign-in');
});

test('a wrong password is refused with the same words as an unknown user', async ({ page }) => {
  failOnDialog(page);
  const message = async (name) => {
    await page.goto('/login');
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await page.locator('main').innerText()).trim();
  };
  const wrong = await message('board');
  const unknown = await message('nobody_at_all');
  expect(wrong).toBe(unknown);
  await look(page, '03-sign-in-refused');
});

test('the owner sees what is due; a bad update is refused beside its field and nothing is saved',
  async ({ page }) => {
    await signIn(page, 'owner_nurse');
    await page.getByRole('link', { name: 'My updates' }).click();
    const falls = page.getByRole('row', { name: /Inpatient falls/ });
    await expect(falls).toContainText('not submitted');
    await expect(page.getByRole('row', { name: /Safe care/ })).toContainText('not submitted');
    // Out of the owner's scope: the people committee's measure is not listed.
    await expect(page.getByRole('row', { name: /Staff turnover/ })).toHaveCount(0);
    await look(page, '04-owner-my-updates');

    await falls.getByRole('link', { name: 'Submit' }).click();
    await page.getByLabel('Narrative').fill(`Falls rose in the autumn. ${payload}`);
    await page.getByLabel('Proposed assurance').fill('partial');
    await page.getByLabel('Recovery date').fill('2024-02-30');
    await page.getByLabel('Actions').fill('Ward falls huddles | owner: nobody_here | due: 2024-03-31');
    await page.getByRole('button', { name: 'Save the update' }).click();
    await expect(page.getByRole('alert')).toContainText('Not saved');
    // Each problem beside its field, and the field says so to a screen reader.
    await expect(page.getByLabel('Recovery date')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Actions')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Narrative')).not.toHaveAttribute('aria-invalid', 'true');
    // What was typed is kept, as text.
    await expect(page.getByLabel('Narrative')).toHaveValue(`Falls rose in the autumn. ${payload}`);
    await look(page, '05-owner-update-refused');

    await page.goto(`/my-updates?period=${encodeURIComponent(period)}`);
    await expect(page.getByRole('row', { name: /Inpatient falls/ })).toContainText('not submitted');
  });

test('the owner corrects and submits the update', async ({ page }) => {
  await signIn(page, 'owner_nurse');
  await page.goto('/my-updates');
  await page.getByRole('row', { name: /Inpatient falls/ }).getByRole('link', { name: 'Submit' }).click();
  await page.getByLabel('Narrative').fill(`Falls rose in the autumn. ${payload}`);
  await page.getByLabel('Proposed assurance').fill('partial');
  await page.getByLabel('Recovery date').fill('2024-03-31');
  await page.getByLabel('Actions').fill('Ward falls huddles | owner: chief_nurse | due: 2024-03-31');
  await page.getByRole('button', { name: 'Save the update' }).click();
  // Saved: back on the measure's page, the narrative shown as text.
  await expect(page).toHaveURL(/\/measure\/falls/);
  await expect(page.locator('main')).toContainText(payload);
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main b', { hasText: 'bold' })).toHaveCount(0);
  await look(page, '06-owner-measure-after-submit');
  await page.goto('/my-updates');
  await expect(page.getByRole('row', { name: /Inpatient falls/ })).toContainText('submitted (revision 1');
});

test('a committee member outside the committee cannot review it', async ({ page }) => {
  await signIn(page, 'member_people');
  await page.goto('/measure/falls');
  await expect(page.getByRole('heading', { name: 'Review' })).toHaveCount(0);
  const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
  // The session cookie is Secure: Playwright's request client does not send it
  // over http://127.0.0.1 by itself, so it goes as a header.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const r = await page.request.post('/review/measure/falls', {
    headers: { Cookie: cookie },
    form: { csrf, period, update_revision: '1', decision: 'accept', assurance: '', comment: '' },
  });
  expect(r.status()).toBe(403);
});

test('the committee chair returns the update with a comment', async ({ page }) => {
  await signIn(page, 'chair_quality');
  await page.goto('/measure/falls');
  await expect(page.locator('main')).toContainText(payload);
  await look(page, '07-chair-measure-review');
  await page.getByLabel('Decision').selectOption('return');
  // A return needs a comment: refused without one.
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.locator('main')).toContainText('the comment is required');
  await page.goto('/measure/falls');
  await page.getByLabel('Decision').selectOption('return');
  await page.getByLabel('Comment (required to return)').fill('Say which wards and by when.');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.locator('main')).toContainText('Committee review: returned');
});

test('the owner sees it returned and resubmits', async ({ page }) => {
  await signIn(page, 'owner_nurse');
  await page.goto('/my-updates');
  const row = page.getByRole('row', { name: /Inpatient falls/ });
  await expect(row).toContainText('returned by chair_quality: Say which wards and by when.');
  await row.getByRole('link', { name: /Submit|Change/ }).click();
  await page.getByLabel('Narrative').fill('Falls rose on wards 3 and 7; huddles start in January.');
  await page.getByRole('button', { name: 'Save the update' }).click();
  await expect(page).toHaveURL(/\/measure\/falls/);
  await page.goto('/my-updates');
  await expect(page.getByRole('row', { name: /Inpatient falls/ }))
    .toContainText('resubmitted after being returned');
});

test('the committee chair accepts it with an assurance level', async ({ page }) => {
  await signIn(page, 'chair_quality');
  await page.goto('/measure/falls');
  await page.getByLabel('Decision').selectOption('accept');
  await page.getByLabel('Assurance level').selectOption('reasonable');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.locator('main')).toContainText('Committee review: accepted');
  await expect(page.locator('main')).toContainText('assurance reasonable');
});

test('the analyst sees completion and locks the period', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Completion' }).click();
  await expect(page.locator('main')).toContainText(`${period} (open)`);
  await look(page, '08-analyst-completion');
  await page.getByRole('button', { name: 'Lock the period' }).click();
  await expect(page.locator('main')).toContainText(`${period} (locked)`);
  await expect(page.getByRole('button', { name: 'Reopen the period' })).toBeVisible();
});

test('after the lock the owner can no longer change the update', async ({ page }) => {
  await signIn(page, 'owner_nurse');
  const r = await page.goto(`/update/measure/falls?period=${encodeURIComponent(period)}`);
  expect(r.status()).toBe(409);
  await expect(page.locator('main')).toContainText('is locked');
});

test('the public cannot read the locked period before its pack is published', async ({ page }) => {
  failOnDialog(page);
  const r = await page.goto(`/?period=${encodeURIComponent(period)}`);
  expect(r.status()).toBe(401);
  await page.goto('/public');
  await expect(page.locator('main')).not.toContainText(period);
});

// The session cookie is Secure: Playwright's request client does not send it
// over http://127.0.0.1 by itself, so downloads pass it as a header.
async function download(page, href) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return page.request.get(href, { headers: cookie ? { Cookie: cookie } : {} });
}

test('the analyst generates the Board pack from the locked record', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Board pack' }).click();
  await page.getByRole('button', { name: 'Generate the Board pack' }).click();
  await expect(page.getByRole('table', { name: `Pack 1 for ${period}` })).toBeVisible();
  await look(page, '11-analyst-board-pack');
});

test('the Board member reads the summary and the measure, downloads the pack, and cannot review, lock or publish',
  async ({ page }) => {
    await signIn(page, 'board');
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Inpatient falls' })).toBeVisible();
    await look(page, '12-board-summary');
    await page.getByRole('link', { name: 'Inpatient falls' }).click();
    await expect(page.locator('main')).toContainText('Committee review: accepted');
    await expect(page.getByRole('heading', { name: 'Review' })).toHaveCount(0);
    await look(page, '13-board-measure');
    await page.goto('/completion');
    await expect(page.getByRole('button', { name: /Lock|Reopen/ })).toHaveCount(0);
    await page.getByRole('link', { name: 'Board pack' }).click();
    await expect(page.getByRole('button', { name: /Publish|Generate/ })).toHaveCount(0);
    const pdf = page.getByRole('row', { name: /PDF/ }).first().getByRole('link');
    const r = await download(page, await pdf.getAttribute('href'));
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toContain('application/pdf');
    expect((await r.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const html = page.getByRole('row', { name: /HTML/ }).first().getByRole('link');
    const paper = await download(page, await html.getAttribute('href'));
    expect(await paper.text()).toContain('Inpatient falls');
    await look(page, '14-board-pack');
    await signOut(page);
  });

test('the analyst publishes the pack', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.goto('/pack');
  await page.getByRole('button', { name: 'Publish this pack to the public' }).click();
  await expect(page.locator('main')).toContainText('Published');
});

test('the public reads the published pack and the locked period, and nothing else', async ({ page }) => {
  failOnDialog(page);
  await page.goto('/public');
  await expect(page.locator('main')).toContainText(period);
  await look(page, '15-public-papers');
  const pdf = page.getByRole('row', { name: /PDF/ }).first().getByRole('link');
  const r = await download(page, await pdf.getAttribute('href'));
  expect(r.status()).toBe(200);
  expect((await r.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const summary = await page.goto(`/?period=${encodeURIComponent(period)}`);
  expect(summary.status()).toBe(200);
  await expect(page.getByRole('link', { name: 'Inpatient falls' })).toBeVisible();
  await look(page, '16-public-locked-summary');
  for (const path of ['/completion', '/my-updates', '/audit']) {
    const denied = await page.request.get(path);
    expect(denied.status(), path).toBe(401);
  }
});

test('the admin reads the audit log, which verifies', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.locator('main')).toContainText('lock');
  await look(page, '17-admin-audit');
});
