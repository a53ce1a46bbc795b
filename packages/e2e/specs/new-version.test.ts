// A new version is deployed while a worker has the app open: the page's code chunks of the old build are gone from the
// server (404). Navigating to a page whose chunk is missing must reload once at that address (loading the new build)
// instead of ending on an error; when even the reload cannot load it, the page says the system was updated and offers a
// reload. The missing chunk is simulated by answering 404 for the places page's chunk (script and style sheet): the
// shared dist/ folder is not touched, so parallel specs are unaffected.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, e2eSuite } from '../src/suite';

const PLACES_CHUNK = /\/assets\/places-[^/]*\.(js|css)$/;

/** Answers 404 for the places chunk while `blocked()` says so; counts the refusals and the page loads after this call. */
async function simulateDeploy(page: Page, blocked: () => boolean) {
  const seen = { refused: 0, loads: 0 };
  page.on('load', () => void (seen.loads += 1));
  await page.route(PLACES_CHUNK, async (route) => {
    if (!blocked()) return route.continue();
    seen.refused += 1;
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
  });
  return seen;
}

describe('a new version deployed while the app is open', () => {
  const suite = e2eSuite('new-version');

  it('navigating to a page of the old build reloads once and opens the page of the new build', async () => {
    const { page } = await suite.loggedIn('admin', { viewport: DESKTOP });
    let reloaded = false;
    const seen = await simulateDeploy(page, () => !reloaded);
    page.on('load', () => void (reloaded = true));

    await page.getByRole('menuitem', { name: '地点管理' }).click();
    await page.getByRole('heading', { name: /^地点管理/ }).waitFor();
    await page.getByTestId('grid-第一网格').waitFor();
    expect(new URL(page.url()).pathname).toBe('/registry/places');
    expect(seen.refused).toBeGreaterThanOrEqual(1);
    expect(seen.loads).toBe(1);
  });

  it('when the reload cannot load it either, the page says the system was updated and its button reloads', async () => {
    const { page } = await suite.loggedIn('admin', { viewport: DESKTOP });
    const seen = await simulateDeploy(page, () => true);

    await page.getByRole('menuitem', { name: '地点管理' }).click();
    // One automatic reload, then the message (not a second reload: that would loop).
    await page.getByText('系统已更新').waitFor();
    await expect.poll(() => seen.loads).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/registry/places');
    await expect.poll(() => page.getByText('当前页面来自旧版本').count()).toBe(1);

    await page.getByRole('button', { name: '刷新页面' }).click();
    await expect.poll(() => seen.loads).toBe(2);
    await page.getByText('系统已更新').waitFor();
  });
});
