import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { SPEC_DIR } from './redocly.js';

const PAGE = join(SPEC_DIR, 'dist/index.html');
const CHROMIUM = '/usr/bin/chromium';
const spec = parse(await readFile(join(SPEC_DIR, 'openapi.yaml'), 'utf8'));
const keyType = spec.components.schemas.KeyType;
const operation = spec.paths['/api/keymgmt/import'].post;

describe('docs page in headless Chromium, offline', () => {
  let browser: Browser;
  let page: Page;
  let text: string;
  let screenshot: Buffer;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run pnpm docs first.`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium.`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // launch() gives a fresh, throwaway profile. The page must stand alone: anything but the file itself is refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(PAGE).href);
    await page.getByRole('heading', { name: operation.summary }).waitFor({ state: 'visible', timeout: 30_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, which is what a reader sees
    text = await page.locator('body').innerText();
    // Kept in memory; HEM_DOCS_SCREENSHOT=file.png saves it for a person to look at.
    screenshot = await page.screenshot({ fullPage: true });
    if (process.env.HEM_DOCS_SCREENSHOT) await writeFile(process.env.HEM_DOCS_SCREENSHOT, screenshot);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('renders as a page longer than one screen', () => {
    // PNG: the IHDR chunk holds width and height at bytes 16 and 20.
    expect(screenshot.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(screenshot.readUInt32BE(16)).toBe(1400);
    expect(screenshot.readUInt32BE(20)).toBeGreaterThan(1000);
  });

  test('is one self-contained file', async () => {
    const html = await readFile(PAGE, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect((await stat(PAGE)).size).toBeGreaterThan(100_000);
  });

  test('shows the import operation and its path', async () => {
    await expect(page.getByRole('heading', { name: operation.summary }).isVisible()).resolves.toBe(true);
    expect(text).toContain('/api/keymgmt/import');
  });

  test.each(keyType.enum as string[])('shows key type %s with its key size', async (type) => {
    const { bytes } = keyType['x-hem-key-formats'][type];
    const description: string = keyType['x-enumDescriptions'][type];
    expect(description).toContain(`${bytes} bytes`);
    await expect(page.getByText(description).first().isVisible()).resolves.toBe(true);
    expect(text).toContain(type);
  });

  test.each(Object.keys(operation.responses))('shows status %s', async (status) => {
    await expect(page.getByText(status, { exact: true }).first().isVisible()).resolves.toBe(true);
  });

  test('made no request beyond the page except ones that were blocked', () => {
    // Redoc asks for its logo from a CDN; it is refused and the page still renders.
    expect(blocked.every((url) => !url.startsWith('file://'))).toBe(true);
    expect(text.length).toBeGreaterThan(2000);
  });
});
