// End-to-end test of `annex-audit serve` in headless Chromium: starts the binary on a free
// port, gives the page the with-errors sample, and checks what a person sees: the flagged
// cells, the findings list, the tooltip, the jump from a finding to its cell, the downloads,
// a bad file's message and the language switch. Saves docs/serve-page.png.
//
// The binary: $ANNEX_AUDIT_BIN, else target/release/annex-audit, else target/debug/annex-audit
// (under $CARGO_TARGET_DIR when set). Chromium: $CHROMIUM, else /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
// The newer of the release and the debug build: the page is embedded, so an older build would
// serve an older page.
const binary = process.env.ANNEX_AUDIT_BIN
  || [join(targetDir, 'release', 'annex-audit'), join(targetDir, 'debug', 'annex-audit')]
    .filter(existsSync)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const sample = join(root, 'samples', 'ordos-2020-annex-with-errors.docx');
const screenshot = join(root, 'docs', 'serve-page.png');

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
  }
}
function assert(condition, message) { if (!condition) throw new Error(message); }

/** Starts `annex-audit serve --port 0 --no-browser --lang LANG` and resolves with its URL. */
function startServer(lang) {
  if (!binary) throw new Error('no annex-audit binary: run `cargo build` first');
  const child = spawn(binary, ['serve', '--port', '0', '--no-browser', '--lang', lang], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolveUrl({ child, url: m[0] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${out}`)); });
  });
}

const work = mkdtempSync(join(tmpdir(), 'annex-audit-browser-'));
const { child, url } = await startServer('zh');
// Whatever goes wrong, the server does not outlive the test.
process.on('exit', () => child.kill('SIGINT'));
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (e) => { console.log(`not ok - ${e && e.stack || e}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(url)) outside.push(r.url()); });
  const consoleErrors = [];
  // The .doc's answer (422) is expected; any other failure or script error is not.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('422')) consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);

  await check('the page opens in Chinese with the drop zone and the picker', async () => {
    assert((await page.textContent('#drop-text')).includes('拖到这里'), 'Chinese drop text');
    assert(await page.isVisible('label[for="picker"]'), 'picker button visible');
  });

  await page.setInputFiles('#picker', sample);
  await page.waitForSelector('.published td.flagged', { timeout: 60000 });

  await check('flagged cells are coloured by severity', async () => {
    const critical = await page.$$eval('.published .flagged.sev-critical', (cells) => cells.map((c) => c.textContent));
    assert(critical.includes('93.20'), `the critical total 93.20 is flagged (got ${critical})`);
    const flagged = await page.$$eval('.published .flagged', (cells) => cells.length);
    assert(flagged >= 10, `at least 10 flagged cells (got ${flagged})`);
  });

  await check('the findings list shows every finding, most severe first', async () => {
    const items = await page.$$eval('.finding-list .finding', (li) => li.map((l) => l.className));
    assert(items.length === 12, `12 findings listed (got ${items.length})`);
    assert(items[0].includes('sev-critical'), 'a critical finding first');
    const ranks = items.map((c) => ['critical', 'error', 'warning', 'notice'].findIndex((s) => c.includes(`sev-${s}`)));
    assert(ranks.every((r, i) => i === 0 || ranks[i - 1] <= r), `ordered by severity: ${ranks}`);
  });

  await check('the file line shows the coverage and the counts', async () => {
    const line = await page.textContent('.file-list li .status');
    assert(line.includes('严重 1') && line.includes('错误 7'), `counts shown: ${line}`);
  });

  await check('filtering by severity and by check', async () => {
    await page.uncheck('.filter.sev-error input');
    let n = await page.$$eval('.finding-list .finding', (li) => li.length);
    assert(n === 5, `without errors 5 remain (got ${n})`);
    await page.check('.filter.sev-error input');
    await page.selectOption('.filter-check select', 'rank');
    n = await page.$$eval('.finding-list .finding', (li) => li.length);
    assert(n === 2, `two rank findings (got ${n})`);
    await page.selectOption('.filter-check select', '');
  });

  await check('focusing a flagged cell shows its findings', async () => {
    await page.focus('.published .flagged.sev-critical');
    await page.waitForSelector('#tip:not([hidden])');
    const tip = await page.textContent('#tip');
    assert(tip.includes('总分应为 88.70'), `the tooltip holds the message: ${tip}`);
    await page.keyboard.press('Escape');
  });

  await check('clicking a finding takes the keyboard focus to its cell', async () => {
    const buttons = await page.$$('.finding-list .finding-button');
    await buttons[buttons.length - 1].click();
    await page.waitForTimeout(600);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
    assert(focused && focused.includes('flagged'), `a flagged cell has the focus (got ${focused})`);
  });

  await check('the workbook downloads, the bytes of an .xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-workbook')]);
    const path = join(work, download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    assert(download.suggestedFilename() === 'ordos-2020-annex-with-errors.audit.xlsx', `name ${download.suggestedFilename()}`);
    assert(bytes.length > 5000 && bytes.subarray(0, 2).toString() === 'PK', `a zip of ${bytes.length} bytes`);
  });

  await check('the JSON downloads, the CLI report of that file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const path = join(work, download.suggestedFilename());
    await download.saveAs(path);
    const report = JSON.parse(readFileSync(path, 'utf8'));
    assert(report.file.path === 'ordos-2020-annex-with-errors.docx', `path ${report.file.path}`);
    assert(report.findings.length === 12 && report.summary.critical === 1, 'findings and summary');
  });

  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelector('.findings').scrollTop = 0;
  });
  await page.waitForTimeout(200);
  await page.screenshot({ path: screenshot });
  await check('a screenshot at 1280×800 was saved', async () => {
    assert(readFileSync(screenshot).length > 20000, 'docs/serve-page.png written');
  });

  await check('a .doc gets the CLI message and the page goes on', async () => {
    const doc = join(work, 'old.doc');
    const ole = Buffer.alloc(608);
    Buffer.from([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).copy(ole);
    writeFileSync(doc, Buffer.concat([ole, Buffer.from('WordDocument', 'utf16le')]));
    await page.setInputFiles('#picker', doc);
    const item = page.locator('.file-list li', { hasText: 'old.doc' });
    await item.locator('.status.failed').waitFor({ timeout: 30000 });
    const text = await item.textContent();
    // Refused as a .doc, or (where LibreOffice is installed) a conversion that fails on this
    // fake one: either way the message says to save it as .docx, in Chinese only.
    assert(text.includes('.doc'), `the .doc message: ${text}`);
    await item.locator('button').click();
    const detail = await page.textContent('#detail');
    assert(detail.includes('另存为') || detail.includes('请先转换'), `the Chinese message in the detail: ${detail}`);
    assert(!/LibreOffice wrote|exit status/.test(detail), `no English inside the Chinese message: ${detail}`);
  });

  await check('the language switch turns the page English', async () => {
    await page.click('#lang-switch');
    assert((await page.textContent('#drop-text')).includes('Drop Word annexes'), 'English drop text');
    await page.click('#lang-switch');
  });

  await check('relations are listed under their table when the report has them', async () => {
    const other = await context.newPage();
    // The report may gain a `relations` list per table: given one, the page lists it. (The
    // page's own fetch is wrapped: an intercepted upload would lose its file.)
    await other.addInitScript(() => {
      const original = window.fetch;
      window.fetch = async (...args) => {
        const response = await original(...args);
        if (!String(args[0]).endsWith('/api/audit') || !response.ok) return response;
        const report = await response.json();
        report.tables[0].relations = [{
          id: 'column_sum:合计:总分', kind: 'column_sum',
          rule: { zh: '合计 = 各行之和', en: 'total = the sum of the rows' },
          result: { kind: 'consistent' },
        }];
        return new Response(JSON.stringify(report), { status: 200, headers: response.headers });
      };
    });
    await other.goto(url);
    await other.setInputFiles('#picker', sample);
    await other.waitForSelector('.relations li', { timeout: 60000 });
    const text = await other.textContent('#table-1-1 .relations');
    assert(text.includes('合计 = 各行之和') && text.includes('consistent'), `relations: ${text}`);
    await other.close();
  });

  await check('nothing was fetched from another origin, no script error', async () => {
    assert(outside.length === 0, `outside requests: ${outside}`);
    assert(consoleErrors.length === 0, `console errors: ${consoleErrors}`);
  });
} finally {
  await browser.close();
  child.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
