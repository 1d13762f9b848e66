// The docs site (pnpm run docs) as a reader sees it, in Debian's Chromium, offline. For each
// operation: its access section, its error table, and every sample; the key-type table; the
// link to the package reference with its version and changelog. No request leaves the file,
// also after clicking every menu entry, tab and dropdown. A control page built from the same
// document with Redoc's telemetry left on proves the check can fail.
// Screenshots of each operation and its error table go to test-results/docs/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OperationIR } from '@hem/codegen';
import { loadDocs } from '../scripts/docs/ir.mjs';
import { readRelease } from '../scripts/docs/reference.mjs';
import { accessRows, errorRows, keyTypeRows } from '../scripts/docs/sections.mjs';
import { SPEC_DIR } from './redocly.js';

const ROOT = join(SPEC_DIR, '..');
const DIST = join(SPEC_DIR, 'dist');
const PAGE = join(DIST, 'index.html');
const SHOTS = join(ROOT, 'test-results/docs');
const CHROMIUM = '/usr/bin/chromium';
// A loaded 2-core machine can take long to start a browser or lay out a 2.5 MB page: these
// are ceilings against a hang, not expectations.
const SLOW = 180_000;
const SUITE = { timeout: 900_000 };

const { document: spec, ir, operations } = await loadDocs(join(SPEC_DIR, 'openapi.yaml'));
if (!existsSync(join(DIST, 'openapi.json'))) throw new Error(`${DIST} has no openapi.json: run pnpm run docs first.`);
const rendered = JSON.parse(await readFile(join(DIST, 'openapi.json'), 'utf8'));
const samplesOf = (op: OperationIR): { lang: string; label: string; source: string }[] => rendered.paths[op.path][op.method]['x-codeSamples'];

interface Watch {
  /** Every request for anything but the page's own file, data: and blob: URLs. */
  outside: string[];
  /** What the page's CSP refused (a request the page tried to make). */
  refused(): Promise<string[]>;
}

/** A fresh page that records (and refuses) every request leaving the file. */
async function open(browser: Browser, file: string): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(SLOW);
  page.setDefaultNavigationTimeout(SLOW);
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __refused: string[] };
    w.__refused = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__refused.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(pathToFileURL(file).href);
  return { page, watch: { outside, refused: () => page.evaluate(() => (window as unknown as { __refused: string[] }).__refused.slice()) } };
}

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** A heading with exactly this text (headings also hold an anchor icon). */
const heading = (scope: Page | Locator, text: string) =>
  scope
    .locator('h1, h2, h3, h4')
    .filter({ hasText: exactly(text) })
    .first();

/** Goes to a sidebar entry, as a reader clicks it, and answers the section it shows. */
async function go(page: Page, label: string) {
  await page
    .locator('[data-component-name="Menu/MenuItem"]')
    .filter({ has: page.getByText(label, { exact: true }) })
    .first()
    .click();
  const section = page.locator('[data-section-id]').filter({ has: heading(page, label) });
  await section.first().waitFor({ state: 'visible' });
  return section.first();
}

/** The code-sample dropdown of the visible operation, switched to `label`. */
async function showSample(page: Page, op: OperationIR, label: string) {
  const panel = page.locator('[data-component-name="Panel/Panel"]').filter({ hasText: op.path }).first();
  const labels = samplesOf(op).map((s) => s.label);
  await panel.getByRole('button', { name: new RegExp(`^(${[...labels, 'Payload'].map((l) => l.replace(/[()]/g, '\\$&')).join('|')})$`) }).click();
  await page.getByRole('menuitem', { name: label, exact: true }).click();
  return panel.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
}

/** Clicks every menu entry, tab, dropdown entry and page control a reader can reach. */
async function clickEverything(page: Page) {
  const clicked: string[] = [];
  const menu = page.locator('[data-component-name="Menu/MenuItem"]');
  for (let i = 0; i < (await menu.count()); i++) {
    await menu.nth(i).click();
    clicked.push(`menu ${await menu.nth(i).innerText()}`);
    const tabs = page.locator('[role=tab]:visible');
    for (let t = 0; t < (await tabs.count()); t++) {
      await tabs.nth(t).click();
      clicked.push(`tab ${await tabs.nth(t).innerText()}`);
    }
    const dropdowns = page.locator('[data-component-name="Dropdown/Dropdown"]:visible');
    for (let d = 0; d < (await dropdowns.count()); d++) {
      const trigger = dropdowns.nth(d).locator('button, [role=button], [role=combobox]').first();
      await trigger.click();
      const items = page.locator('[role=menuitem]:visible, [role=option]:visible');
      const n = await items.count();
      for (let k = 0; k < n; k++) {
        if (k > 0) await trigger.click();
        await page.locator('[role=menuitem]:visible, [role=option]:visible').nth(k).click();
        clicked.push(`dropdown ${d} item ${k}`);
      }
      if (!n) await page.keyboard.press('Escape');
    }
  }
  // Page controls: search, colour mode, sidebar (last: hiding it hides the search box).
  await page.getByTestId('search-trigger').click();
  await page
    .getByPlaceholder(/search/i)
    .first()
    .fill('kid');
  const dialog = page.getByTestId('search-dialog');
  await dialog
    .getByText(/path parameters/)
    .first()
    .click();
  await dialog.waitFor({ state: 'hidden' });
  clicked.push('search');
  for (const [name, back] of [
    [/^(light|dark)$/i, /^(light|dark)$/i],
    [/^hide sidebar$/i, /^show sidebar$/i],
  ] as const) {
    await page.getByRole('button', { name }).first().click();
    clicked.push(`button ${name.source}`);
    await page.getByRole('button', { name: back }).first().click();
  }
  return clicked;
}

describe('docs site in headless Chromium, offline', SUITE, () => {
  let browser: Browser;
  let main: { page: Page; watch: Watch };
  let work: string;

  beforeAll(async () => {
    if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run pnpm run docs first.`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (tools/scripts/setup.sh does).`);
    work = await mkdtemp(join(tmpdir(), 'hem-docs-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: SLOW,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    main = await open(browser, PAGE);
    await mkdir(SHOTS, { recursive: true });
  }, SLOW * 2);

  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('is one self-contained file that forbids requests to anywhere else', async () => {
    const html = await readFile(PAGE, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
    expect(html).not.toContain('cdn.redoc.ly');
    // Redoc's telemetry is built in but switched off in the page's options.
    expect(html).toContain('"disableTelemetry":true');
    expect((await stat(PAGE)).size).toBeGreaterThan(1_000_000);
  });

  test.each(operations.map((op) => [op.table.id, op] as const))('%s: access section and error table are visible', async (id, op) => {
    const { page } = main;
    const section = await go(page, op.ir.summary ?? id);
    await expect(heading(section, op.ir.summary ?? id).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, `${id}.png`) });

    const access = heading(section, 'Access');
    await access.scrollIntoViewIfNeeded();
    await expect(access.isVisible()).resolves.toBe(true);
    for (const [what, words] of accessRows(op, ir)) {
      const row = section.locator('tr').filter({ hasText: what }).first();
      await expect(row.isVisible()).resolves.toBe(true);
      // Code spans come out as plain text: compare without the backticks.
      expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(words.replace(/`/g, '').split(';')[0]!.trim());
    }
    for (const scope of op.table.hem?.scopes ?? []) await expect(section.getByText(scope.claim, { exact: true }).first().isVisible()).resolves.toBe(true);

    const errors = section.locator('table').filter({ hasText: 'What to do' });
    await errors.scrollIntoViewIfNeeded();
    await expect(errors.isVisible()).resolves.toBe(true);
    const rows = errorRows(op);
    expect(rows.map((r) => r.status)).toEqual(op.ir.responses.map((r) => r.status).filter((s) => /^[45]/.test(s)));
    for (const row of rows) {
      const tr = errors.locator('tr').filter({ hasText: row.code });
      await expect(tr.isVisible()).resolves.toBe(true);
      const text = (await tr.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(row.status);
      expect(text).toContain(row.advice.replace(/`/g, ''));
    }
    await errors.screenshot({ path: join(SHOTS, `${id}-errors.png`) });
  });

  test.each(ir.operations.map((op) => [op.id, op] as const))('%s: every sample is in the page', async (id, op) => {
    const { page } = main;
    await go(page, op.summary ?? id);
    const samples = samplesOf(op);
    expect(samples.map((s) => s.label)).toEqual(expect.arrayContaining(['TypeScript', 'curl']));
    for (const sample of samples) {
      const code = await showSample(page, op, sample.label);
      await expect(code.isVisible()).resolves.toBe(true);
      const shown = (await code.innerText()).replace(/\s+/g, ' ');
      for (const line of sample.source.split('\n').filter((l) => l.trim())) expect(shown).toContain(line.replace(/\s+/g, ' ').trim());
    }
  });

  test('the key-type table shows every type with its size, encoding and mode rule', async () => {
    const { page } = main;
    await go(page, 'Key types');
    const rows = keyTypeRows(ir);
    // The spec's raw table, read independently of the generator.
    expect(rows.map((r) => r.type)).toEqual(spec.components.schemas.KeyType.enum);
    for (const row of rows) {
      const tr = page.locator('tr').filter({ hasText: row.type }).first();
      await tr.scrollIntoViewIfNeeded();
      const text = (await tr.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`${spec.components.schemas.KeyType['x-hem-key-formats'][row.type].bytes} bytes`);
      expect(text).toContain(row.encoding);
      expect(text).toContain(row.modeRequired ? 'required' : 'optional');
    }
  });

  test('links to the package reference, which shows the version and the changelog, offline too', async () => {
    const release = await readRelease(ROOT);
    const { page: docs } = main;
    const section = await go(docs, 'Package reference');
    const link = section.getByRole('link', { name: 'Package reference', exact: true });
    await expect(link.isVisible()).resolves.toBe(true);
    await expect(section.getByRole('link', { name: 'Changelog', exact: true }).isVisible()).resolves.toBe(true);
    expect((await section.innerText()).replace(/\s+/g, ' ')).toContain(`version ${release.version}`);

    const { page, watch } = await open(browser, PAGE);
    await (await go(page, 'Package reference')).getByRole('link', { name: 'Package reference', exact: true }).click();
    await page.waitForURL(/reference\/index\.html$/);
    await expect(heading(page, `@hem packages ${release.version}`).isVisible()).resolves.toBe(true);
    for (const p of release.packages) await expect(page.getByRole('link', { name: p.name, exact: true }).first().isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'changelog', exact: true }).first().click();
    await page.waitForURL(/Changelog\.html$/);
    await expect(heading(page, 'Changelog').isVisible()).resolves.toBe(true);
    if (release.next) await expect(heading(page, `${release.next.version} (not released yet)`).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'HTTP API' }).first().click();
    await page.waitForURL(/dist\/index\.html/);
    expect(watch.outside).toEqual([]);
    await page.context().close();
  });

  describe('no request leaves the file', () => {
    // How long the control page took to phone home after a reader's click: the real page
    // gets twice as long after its last click before the check that it did not.
    let controlDelay = 0;

    test('control: the same page with its telemetry switch flipped tries to send traces (and is refused)', async () => {
      const html = await readFile(PAGE, 'utf8');
      const on = '"disableTelemetry":true';
      expect(html.split(on)).toHaveLength(2);
      const file = join(work, 'control.html');
      await writeFile(file, html.replace(on, '"disableTelemetry":false'));
      const { page, watch } = await open(browser, file);
      const op = ir.operations[0]!;
      await go(page, op.summary ?? op.id);
      await page.locator('[role=tab]:visible').first().click();
      const clicked = Date.now();
      await page.waitForFunction(() => (window as unknown as { __refused: string[] }).__refused.some((r) => r.includes('otel.cloud.redocly.com')), undefined, {
        timeout: SLOW * 3,
      });
      controlDelay = Date.now() - clicked;
      // The CSP refused it before it left the browser; without the CSP it would have gone out.
      expect(await watch.refused()).toContain('connect-src https://otel.cloud.redocly.com/v1/traces');
      await page.context().close();
    });

    test('the real page, after every menu entry, tab and dropdown entry was clicked', async () => {
      expect(controlDelay, 'the control runs first').toBeGreaterThan(0);
      const { page, watch } = await open(browser, PAGE);
      const entries = await page.locator('[data-component-name="Menu/MenuItem"]').count();
      const clicked = await clickEverything(page);
      const last = Date.now();
      // The walk reached every sidebar entry, response tab and sample dropdown.
      expect(clicked.filter((c) => c.startsWith('menu')).length).toBe(entries);
      expect(clicked.filter((c) => c.startsWith('tab')).length).toBeGreaterThanOrEqual(ir.operations.reduce((n, op) => n + op.responses.length, 0));
      expect(clicked.some((c) => c.startsWith('dropdown'))).toBe(true);
      expect(clicked).toEqual(expect.arrayContaining(['search', 'button ^(light|dark)$', 'button ^hide sidebar$']));
      await page.waitForTimeout(Math.max(0, last + 2 * controlDelay - Date.now()));
      expect(watch.outside).toEqual([]);
      expect(await watch.refused()).toEqual([]);
      await page.context().close();
    });

    test('the main page made none either', async () => {
      expect(main.watch.outside).toEqual([]);
      expect(await main.watch.refused()).toEqual([]);
    });
  });
});
