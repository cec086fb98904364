import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldstartCli } from '../coldstart-helpers.js';
import { FIXTURES } from '../helpers.js';

/**
 * `pylambda coldstart --html FILE` opened in a real browser: Debian's chromium driven by playwright-core.
 * Without /usr/bin/chromium the tests skip and say how to install it (CI: `apt-get install -y chromium`).
 */
const CHROMIUM = '/usr/bin/chromium';
const MISSING = `${CHROMIUM} is not installed: the HTML report is not checked in a browser (install it with \`apt-get install -y chromium\`)`;
const dir = mkdtempSync(join(tmpdir(), 'pylambda-coldstart-html-'));
const file = join(dir, 'coldstart.html');

let browser: Browser | undefined;
let page: Page;
const outside: string[] = [];

beforeAll(async () => {
  const { code } = await coldstartCli(['--runs', '2', '--html', file], join(FIXTURES, 'coldstart', 'slow-project'));
  expect(code).toBe(0);
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Self-contained: nothing but the file itself may be requested.
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) outside.push(request.url());
  });
  await page.goto(pathToFileURL(file).href);
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('is one file with no external resources', () => {
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain('data-module="slowpkg"');
  });

  it('renders the import chart in a browser: blocks with a module and a size', async (ctx) => {
    if (!browser) ctx.skip(MISSING);
    // The blocks and the chart's inside are measured in one layout: a vertical scrollbar that came or went between
    // two reads (a page still settling on a loaded machine) made the chart 15 px narrower for one than the other.
    const { sizes, inside } = await page.$eval('#icicle', (chart) => {
      return {
        inside: chart.clientWidth,
        sizes: [...chart.querySelectorAll('[data-module]')].map((b) => {
          const r = b.getBoundingClientRect();
          const cumulativeMs = Number(b.getAttribute('data-cumulative-ms'));
          return { module: b.getAttribute('data-module')!, width: r.width, height: r.height, cumulativeMs, top: r.top };
        }),
      };
    });
    expect(sizes.length).toBeGreaterThan(20);
    const slow = sizes.find((s) => s.module === 'slowpkg')!;
    expect(slow.height).toBeGreaterThan(10);
    // slowpkg sleeps 80 ms as it imports, so it takes at least that; what else imports may take longer on a
    // loaded machine, so its share of the chart is not fixed, but the chart draws that share: its block is as
    // wide, of the chart's inside, as its time is of the whole time drawn (the top row's blocks side by side).
    expect(slow.cumulativeMs).toBeGreaterThanOrEqual(80);
    const top = Math.min(...sizes.map((s) => s.top));
    const drawnMs = sizes.filter((s) => s.top === top).reduce((sum, s) => sum + s.cumulativeMs, 0);
    expect(Math.abs(slow.width - inside * (slow.cumulativeMs / drawnMs)), JSON.stringify({ inside, slow, drawnMs, top: sizes.filter((s) => s.top === top) })).toBeLessThan(1);
    expect(sizes.filter((s) => s.width > 0 && s.height > 0).length).toBeGreaterThan(20);
    expect(outside).toEqual([]);
  });

  it('shows a block\'s module, self and cumulative time in the tooltip on hover', async (ctx) => {
    if (!browser) ctx.skip(MISSING);
    const tooltip = page.locator('#tooltip');
    await expect(tooltip.isHidden()).resolves.toBe(true);
    await page.locator('#icicle [data-module="slowpkg"]').hover();
    await expect(tooltip.isVisible()).resolves.toBe(true);
    expect(await tooltip.textContent()).toMatch(/^slowpkg\nself [\d.]+ ms\ncumulative [\d.]+ ms\nuser$/);
    await page.locator('#icicle [data-module="src.handlers"]').hover({ position: { x: 2, y: 2 } });
    expect(await tooltip.textContent()).toMatch(/^src\.handlers\n/);
  });

  it('shows each run on the Init Duration strip, and the findings', async (ctx) => {
    if (!browser) ctx.skip(MISSING);
    expect(await page.locator('#runs [data-run]').count()).toBe(2);
    // With two runs the p90 line is drawn over the slower one: it must not take the hover.
    for (const run of [1, 2]) {
      await page.locator(`#runs [data-run="${run}"]`).hover({ timeout: 5000 });
      expect(await page.locator('#tooltip').textContent()).toMatch(new RegExp(`^run ${run}: [\\d.]+ ms$`));
    }
    expect(await page.locator('#findings').textContent()).toContain('slow-module-body');
  });
});
