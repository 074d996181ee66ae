// tests/browser/serve_page.js — samestory serve's page in a real browser.
//
//   node tests/browser/serve_page.js BIN SAMPLES_DIR OUT_DIR
//
// Starts `BIN serve` on a free port with a new store in OUT_DIR, opens the
// page in Debian's chromium (puppeteer-core over the DevTools protocol; no
// browser download), posts the samples and hostile articles, and checks
// what a reader sees: stories appear without a reload, the flood story's
// conflicts and quotes, an article's reused passage highlighted beside its
// source, search, a take-down changing the open story, and hostile
// content staying text (no script of an article ever runs).  A screenshot
// of each step is saved in OUT_DIR.  Exit 0 when every check holds; else
// 1 with the failed check on stderr.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [BIN, SAMPLES, OUT] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 30000;

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok: ' + what);
}

function records() {
  const out = [];
  for (const f of fs.readdirSync(SAMPLES).sort()) {
    const p = path.join(SAMPLES, f);
    if (f.endsWith('.txt')) out.push({ id: f, text: fs.readFileSync(p, 'utf8') });
    else if (f.endsWith('.html')) out.push({ id: f, html: fs.readFileSync(p, 'utf8') });
    else if (f.endsWith('.jsonl'))
      for (const line of fs.readFileSync(p, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line));
  }
  return out;
}

// Articles whose every field tries to become markup or script.  If any
// of it ran, window.__pwned would be set.
const HOSTILE_TEXT =
  'Harbourmaster <script>window.__pwned = "script"</script> said the pier ' +
  '<img src=x onerror="window.__pwned = \'img\'"> will reopen on Friday after repairs. ' +
  '</script><script>window.__pwned = "close"</script> <!-- comment --> <![CDATA[ x ]]> ' +
  'A line\u2028separator and a paragraph\u2029separator. ' +
  '<a href="javascript:window.__pwned=\'link\'">click</a> ' + 'x'.repeat(3000) + '\n\n' +
  'The pier at Grayhaven was damaged by a storm surge in January, the port authority said, ' +
  'and divers inspected the pilings this week before the repair crews could start work.';
const HOSTILE = [
  { id: '<img src=x onerror="window.__pwned=\'id\'">', title: '<script>window.__pwned="title"</script> Grayhaven pier reopens',
    text: HOSTILE_TEXT, url: 'javascript:window.__pwned="url"', source: '<b onmouseover="window.__pwned=1">Port</b>',
    date: '2025-03-06' },
  { id: 'hostile-2', title: 'Grayhaven pier to reopen on Friday </script><script>window.__pwned="t2"</script>',
    text: HOSTILE_TEXT.replace('Harbourmaster', 'The harbourmaster'), source: 'Port News', date: '2025-03-06' },
];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const db = path.join(OUT, 'page.db');
  for (const f of [db, db + '-wal', db + '-shm', db + '.token']) fs.rmSync(f, { force: true });
  const server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('server did not start: ' + log)), 20000);
    server.stderr.on('data', (d) => {
      log += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    server.on('exit', (c) => reject(new Error('server exited ' + c + ': ' + log)));
  });
  const base = `http://127.0.0.1:${port}`;
  const token = fs.readFileSync(db + '.token', 'utf8').trim();
  const post = async (recs) => {
    const r = await fetch(base + '/v1/articles', {
      method: 'POST', body: JSON.stringify(recs),
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    });
    return [r.status, await r.json()];
  };

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(OUT, 'chromium-profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let step = 0;
  const shot = async (page, name) => page.screenshot({ path: path.join(OUT, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: false });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.live === 'on', { timeout: STEP_TIMEOUT });
    await shot(page, 'empty');
    check(await page.$$eval('#stories li', (l) => l.length) === 0, 'a new store shows no story');

    // 1. stories appear on the open page without a reload
    const [st, res] = await post(records());
    check(st === 200 && res.rejected === 0 && res.accepted > 5, `samples posted (${res.accepted} accepted)`);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#stories li .title'))
      .some((t) => /Tessel/.test(t.textContent)), { timeout: STEP_TIMEOUT });
    await shot(page, 'live-stories');
    check(true, 'the flood story appeared without a reload');

    // 2. the flood story: conflicts and quotes on screen
    await page.evaluate(() => Array.from(document.querySelectorAll('#stories li a'))
      .find((a) => /Tessel/.test(a.textContent)).click());
    await page.waitForSelector('.conflict', { timeout: STEP_TIMEOUT });
    const conflicts = await page.$$eval('.conflict', (l) => l.map((c) => c.textContent));
    check(conflicts.some((c) => c.includes('2300') && c.includes('2500')), 'conflict 2,300 vs 2,500 residents shown');
    const quotes = await page.$$eval('blockquote.quote', (l) => l.map((q) => q.textContent));
    check(quotes.some((q) => q.includes('Elena Varga') && q.includes('never seen the Tessel')),
      'quote with its speaker shown');
    check(/^#\/story\/\d+$/.test(await page.evaluate(() => location.hash)), 'the URL names the story');
    const meta = await page.$eval('#view p.meta', (p) => p.textContent);
    check(/^8 articles, [2-7] independent reports \(copies and translations count once\) in /.test(meta) &&
      /2025-03-0\d to 2025-03-0\d$/.test(meta), 'the story says its size, its independent reports and days: ' + meta);
    await shot(page, 'flood-story');
    const storyHash = await page.evaluate(() => location.hash);

    // a link whose escape does not decode says so (the story stayed on screen)
    await page.evaluate(() => { location.hash = '#/article/%zz'; });
    await page.waitForFunction(() => /This link is not valid/.test(document.getElementById('view').textContent),
      { timeout: STEP_TIMEOUT });
    check(true, 'a malformed link is told, not left under the previous view');

    // 3. an article's reused passage, highlighted beside its source
    await page.evaluate(() => { location.hash = '#/article/' + encodeURIComponent('05-valley-observer-flood.txt'); });
    await page.waitForSelector('mark.reused', { timeout: STEP_TIMEOUT });
    const marks = await page.$$eval('.side > div', (cols) => cols.map((c) =>
      Array.from(c.querySelectorAll('mark.reused')).map((m) => m.textContent)));
    check(marks.length === 2 && marks[0].length > 0 && marks[1].length === marks[0].length,
      'reused passages marked in the article and in its source');
    check(marks[0][0].length > 80 && marks[1][0].split(' ').slice(0, 3).join(' ').length > 5,
      'the marked passage is a real stretch of text');
    await shot(page, 'reused-passage');

    // 4. search
    await page.evaluate(() => { document.getElementById('q').value = ''; });
    await page.type('#q', 'Tessel');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^#\/search\//.test(location.hash) && document.querySelector('ul.results li a'),
      { timeout: STEP_TIMEOUT });
    const hits = await page.$$eval('ul.results li', (l) => l.length);
    check(hits >= 3, `search finds the flood articles (${hits})`);
    await shot(page, 'search');
    await page.evaluate(() => { document.getElementById('q').value = ''; });
    await page.click('#filters button');

    // 5. a take-down changes the open story
    await page.evaluate((h) => { location.hash = h; }, storyHash);
    await page.waitForSelector('.conflict', { timeout: STEP_TIMEOUT });
    const before = await page.$eval('#view .meta', (m) => m.textContent);
    const del = await fetch(base + '/v1/articles/' + encodeURIComponent('03-daily-ledger-flood.txt'),
      { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } });
    check(del.status === 200, 'DELETE answered 200');
    await page.waitForFunction((b) => {
      const m = document.querySelector('#view .meta');
      return m && m.textContent !== b;
    }, { timeout: STEP_TIMEOUT }, before);
    const after = await page.$eval('#view .meta', (m) => m.textContent);
    check(/^\d+ articles/.test(after) && parseInt(after, 10) === parseInt(before, 10) - 1,
      `the open story lost the article (${before.split(' ')[0]} -> ${after.split(' ')[0]})`);
    await shot(page, 'after-delete');

    // 6. hostile articles stay text
    const [hs, hres] = await post(HOSTILE);
    check(hs === 200 && hres.accepted === 2, 'hostile articles accepted as data');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#stories li .title'))
      .some((t) => t.textContent.includes('<script>')), { timeout: STEP_TIMEOUT });
    await page.evaluate(() => Array.from(document.querySelectorAll('#stories li a'))
      .find((a) => a.textContent.includes('Grayhaven')).click());
    await page.waitForSelector('#view table.timeline', { timeout: STEP_TIMEOUT });
    const links = await page.$$eval('#view a', (l) => l.map((a) => a.getAttribute('href')));
    await page.evaluate(() => { location.hash = '#/article/' + encodeURIComponent('<img src=x onerror="window.__pwned=\'id\'">'); });
    await page.waitForFunction(() => /Harbourmaster|harbourmaster/.test(document.getElementById('view').textContent),
      { timeout: STEP_TIMEOUT });
    await new Promise((r) => setTimeout(r, 500));
    await shot(page, 'hostile');
    const view = await page.$eval('#view', (v) => ({ text: v.textContent, scripts: v.querySelectorAll('script, img, iframe, object').length }));
    check(view.scripts === 0, 'no element made from article content');
    check(view.text.includes('<script>window.__pwned = "script"</script>'), 'markup in the text shown as text');
    check(links.every((h) => h.startsWith('#/')), 'every link is one of the page\'s own routes');
    check(await page.evaluate(() => window.__pwned === undefined), 'no script from an article ran');
    check(errors.length === 0, 'no error in the page: ' + errors.join('; '));

    // 7. the page's headers: a policy that forbids inline script
    const r = await fetch(base + '/');
    const csp = r.headers.get('content-security-policy') || '';
    check(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), 'CSP forbids inline and foreign script');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
  }
  check(server.exitCode === 0, 'server stopped cleanly on SIGTERM');
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
