// The dashboard in a real browser: headless Chromium driven over the DevTools protocol (Node's
// built-in WebSocket, no npm packages). Starts `tenantsim serve` on tests/browser/dashboard.json
// (a copy, so the bad-reload case can break it) and checks, view by view:
//   the page loads with no console error or exception;
//   the live view's numbers match /_tenantsim/metrics;
//   a throttled request shows up in the request log with its reason;
//   the explorer's Graph URL returns what the page shows;
//   a bad reload shows its validation errors.
// Screenshots of each view go to the output folder.
//
//   node --experimental-websocket tests/browser/dashboard_test.mjs <tenantsim> <out-dir>
// Exit 0: passed; 1: failed; 77: skipped (no chromium, or it cannot start).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = 77;
const here = path.dirname(fileURLToPath(import.meta.url));
const [binary, outDir = path.join(os.tmpdir(), 'tenantsim-browser')] = process.argv.slice(2);
const TENANT = '4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b';
const THROTTLED = { id: '11111111-2222-3333-4444-555555555555', secret: 'throttled-secret' };
const EXPLORER = { id: '22222222-3333-4444-5555-666666666666', secret: 'explorer-secret' };

const children = [];
let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : ': ' + detail}`);
  if (!ok) failures++;
}
function cleanup() { for (const c of children) { try { c.kill('SIGKILL'); } catch (e) { /* gone */ } } }
process.on('exit', cleanup);
const sleep = ms => new Promise(r => setTimeout(r, ms));

function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    for (const dir of (process.env.PATH || '').split(':')) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

function freePort() {
  return new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// Resolves with the first match of `pattern` in the child's stderr+stdout, or null on timeout.
function waitForOutput(child, pattern, ms) {
  return new Promise(resolve => {
    let text = '';
    const timer = setTimeout(() => resolve(null), ms);
    const onData = d => {
      text += d.toString();
      const m = text.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.on('exit', () => { clearTimeout(timer); resolve(null); });
    child.on('error', () => { clearTimeout(timer); resolve(null); });  // could not be started
  });
}

// ---- a minimal DevTools client ------------------------------------------------------------------
class Cdp {
  constructor(url) { this.url = url; this.next = 1; this.pending = new Map(); this.listeners = []; }
  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url);
      this.ws.onopen = () => resolve();
      this.ws.onerror = e => reject(new Error('devtools socket: ' + e.message));
      this.ws.onmessage = m => {
        const msg = JSON.parse(m.data);
        if (msg.id && this.pending.has(msg.id)) {
          const { resolve: ok, reject: fail } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
        } else if (msg.method) {
          for (const l of this.listeners) l(msg);
        }
      };
    });
  }
  send(method, params = {}, sessionId) {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
  close() { this.ws.close(); }
}

class Page {
  constructor(cdp, sessionId) { this.cdp = cdp; this.session = sessionId; }
  send(method, params) { return this.cdp.send(method, params, this.session); }
  async eval(expression) {
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error('evaluate: ' + JSON.stringify(r.exceptionDetails).slice(0, 300));
    return r.result.value;
  }
  async waitFor(expression, what, ms = 10000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const v = await this.eval(expression).catch(() => null);
      if (v) return v;
      await sleep(100);
    }
    throw new Error('timed out waiting for ' + what);
  }
  async screenshot(name) {
    const r = await this.send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(outDir, name + '.png'), Buffer.from(r.data, 'base64'));
  }
  async go(hash) {
    await this.eval(`location.hash = '${hash}'`);
    await sleep(150);
  }
}

// ---- the server under test --------------------------------------------------------------------
async function token(base, app) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials', client_id: app.id, client_secret: app.secret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const r = await fetch(`${base}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body });
  return (await r.json()).access_token;
}

function metricSum(text, name, route) {
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(name + '{') && line.includes(`route="${route}"`)) sum += Number(line.split(' ').pop());
  return sum;
}

async function main() {
  if (!binary) { console.error('usage: dashboard_test.mjs <tenantsim> [out-dir]'); return 2; }
  if (typeof WebSocket === 'undefined') { console.log('SKIP: this Node has no WebSocket (Node >= 20.10 with --experimental-websocket, or 22)'); return SKIP; }
  const chromium = process.env.CHROMIUM || findChromium();
  if (!chromium) { console.log('SKIP: no chromium on PATH (scripts/install-deps.sh chromium)'); return SKIP; }
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tenantsim-dash-'));
  const scenarioPath = path.join(work, 'dashboard.json');
  const scenarioText = fs.readFileSync(path.join(here, 'dashboard.json'), 'utf8');
  fs.writeFileSync(scenarioPath, scenarioText);

  const port = await freePort();
  const server = spawn(binary, ['serve', '-s', scenarioPath, '--no-tls', '-p', String(port),
    '--state-dir', path.join(work, 'state'), '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(server);
  if (!await waitForOutput(server, /Press Ctrl-C/, 60000)) { console.log('FAIL tenantsim serve did not start'); return 1; }
  const base = `http://127.0.0.1:${port}`;

  const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-dev-shm-usage', '--remote-debugging-port=0', `--user-data-dir=${path.join(work, 'profile')}`,
    '--window-size=1280,900', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(browser);
  const listening = await waitForOutput(browser, /DevTools listening on (ws:\/\/\S+)/, 30000);
  if (!listening) { console.log('SKIP: chromium could not start'); return SKIP; }

  const cdp = new Cdp(listening[1]);
  await cdp.open();
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const page = new Page(cdp, sessionId);
  const problems = [];  // console errors and exceptions, with the phase they happened in
  let phase = 'load';
  cdp.listeners.push(msg => {
    if (msg.sessionId !== sessionId) return;
    if (msg.method === 'Runtime.exceptionThrown')
      problems.push({ phase, text: msg.params.exceptionDetails.exception?.description || msg.params.exceptionDetails.text });
    if (msg.method === 'Runtime.consoleAPICalled' && msg.params.type === 'error')
      problems.push({ phase, text: msg.params.args.map(a => a.value ?? a.description).join(' ') });
    if (msg.method === 'Log.entryAdded' && msg.params.entry.level === 'error')
      problems.push({ phase, text: msg.params.entry.text, network: msg.params.entry.source === 'network' });
  });
  for (const domain of ['Runtime', 'Log', 'Page']) await page.send(domain + '.enable');
  await page.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });

  // Traffic before the page opens: a token, five admitted list requests and a sixth that is throttled.
  const throttledToken = await token(base, THROTTLED);
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const r = await fetch(`${base}/v1.0/auditLogs/directoryAudits?$top=3`, { headers: { Authorization: 'Bearer ' + throttledToken } });
    statuses.push(r.status);
    await r.arrayBuffer();
  }
  check(statuses.filter(s => s === 429).length === 1 && statuses[5] === 429, 'the sixth request in 10 s is throttled', statuses.join(','));

  // 1. Load, and visit every view: no console error, no exception.
  await page.send('Page.navigate', { url: `${base}/_tenantsim/ui/#live` });
  await page.waitFor(`document.querySelector('#live-table tr[data-endpoint=directoryAudits]')`, 'the live table');
  for (const view of ['log', 'explorer', 'scenario', 'controls', 'live']) {
    await page.go('#' + view);
    await page.waitFor(`document.querySelector('#view-${view}').classList.contains('active')`, view);
  }
  await sleep(1200);
  const loadProblems = problems.filter(p => p.phase === 'load');
  check(loadProblems.length === 0, 'the page loads and every view opens with no console error', JSON.stringify(loadProblems));

  // 2. The live view's numbers match /_tenantsim/metrics (Graph traffic is idle meanwhile).
  phase = 'live';
  await sleep(1100);  // one more poll after the traffic above
  const shown = await page.eval(`(() => { const r = document.querySelector('#live-table tr[data-endpoint=directoryAudits]');
      return { requests: Number(r.querySelector('.requests').textContent), throttled: Number(r.querySelector('.throttled').textContent),
               total429: Number(document.querySelector('#live-throttled').textContent) }; })()`);
  const metrics = await (await fetch(`${base}/_tenantsim/metrics`)).text();
  const expected = { requests: metricSum(metrics, 'tenantsim_requests_total', 'directoryAudits'), throttled: metricSum(metrics, 'tenantsim_throttled_total', 'directoryAudits') };
  check(shown.requests === expected.requests && shown.requests === 6, 'live view: directoryAudits requests match the metrics', JSON.stringify({ shown, expected }));
  check(shown.throttled === expected.throttled && shown.throttled === 1, 'live view: 429s match the metrics', JSON.stringify({ shown, expected }));
  await page.screenshot('dashboard-live');

  // 3. The throttled request is in the log, with its reason in the decision chain.
  phase = 'log';
  await page.go('#log');
  await page.waitFor(`[...document.querySelectorAll('#log-table td.status')].some(td => td.textContent === '429')`, 'a 429 in the log');
  await page.eval(`[...document.querySelectorAll('#log-table tr')].find(tr => tr.querySelector('td.status')?.textContent === '429').click()`);
  const reason = await page.waitFor(`document.querySelector('#trace-decisions')?.textContent`, 'the decision chain');
  check(/throttled: 6th request in 10 s for app 11111111-2222-3333-4444-555555555555 on directoryAudits.*retry after \d+ s/.test(reason),
    'request log: the 429 shows why it was throttled', reason);
  await page.screenshot('dashboard-log');

  // 4. The explorer's URL returns what the page shows.
  phase = 'explorer';
  await page.go('#explorer?collection=' + encodeURIComponent('/v1.0/auditLogs/directoryAudits') + '&ge=2026-10-30T00:00:00Z&le=2026-10-30T06:00:00Z');
  await page.waitFor(`document.querySelectorAll('#explorer-clauses .clause').length === 2`, 'the clauses from the link');
  await page.eval(`(() => { const f = document.querySelector('#explorer-form'); f.clientId.value = '${EXPLORER.id}';
      f.secret.value = '${EXPLORER.secret}'; f.top.value = '7'; f.dispatchEvent(new Event('input')); document.querySelector('#explorer-run').click(); })()`);
  await page.waitFor(`document.querySelector('#explorer-count') || document.querySelector('#explorer-error')`, 'explorer results', 15000);
  const page4 = await page.eval(`({ url: document.querySelector('#explorer-url').textContent,
      curl: document.querySelector('#explorer-curl').textContent,
      ids: [...document.querySelectorAll('#explorer-results tbody tr')].map(tr => tr.dataset.id),
      error: document.querySelector('#explorer-error')?.textContent || null })`);
  check(!page4.error && page4.ids.length === 7, 'explorer: the query ran and shows a page of 7', JSON.stringify(page4).slice(0, 300));
  check(page4.url.includes('$filter=activityDateTime%20ge%202026-10-30T00%3A00%3A00Z%20and%20activityDateTime%20le%202026-10-30T06%3A00%3A00Z') && page4.curl.includes(page4.url),
    'explorer: the URL carries the filter built in the form, and the curl line uses it', page4.url);
  const direct = await (await fetch(page4.url, { headers: { Authorization: 'Bearer ' + await token(base, EXPLORER) } })).json();
  check(JSON.stringify((direct.value || []).map(e => e.id)) === JSON.stringify(page4.ids), 'explorer: fetching its URL returns the items the page shows',
    JSON.stringify({ page: page4.ids.slice(0, 2), direct: (direct.value || []).map(e => e.id).slice(0, 2), error: direct.error }));
  await page.screenshot('dashboard-explorer');

  // 5. Scenario: the planted incidents, each linking to its events.
  phase = 'scenario';
  await page.go('#scenario');
  const links = await page.waitFor(`(() => { const a = [...document.querySelectorAll('a.storyline')]; return a.length ? a.map(x => x.textContent + ' ' + x.getAttribute('href')) : null; })()`, 'storylines');
  check(links.length === 2 && links[0].startsWith('night-time Global Administrator activation #explorer?'), 'scenario: the planted incidents link to the explorer', links.join(' | '));
  await page.screenshot('dashboard-scenario');

  // 6. A bad reload shows its errors (and the old scenario keeps serving).
  phase = 'reload';
  fs.writeFileSync(scenarioPath, scenarioText.replace('"users": 300', '"users": -5'));
  await page.go('#controls');
  await page.eval(`document.querySelector('#reload').click()`);
  const errors = await page.waitFor(`(() => { const e = document.querySelector('#reload-error'); return e ? [e.textContent, ...[...document.querySelectorAll('#reload-result .errors li')].map(li => li.textContent)] : null; })()`, 'the reload errors', 20000);
  check(errors[0].startsWith('400') && errors.length >= 2 && errors.slice(1).some(e => e.includes('users')), 'controls: a bad reload shows its validation errors', errors.join(' | '));
  await page.screenshot('dashboard-controls');
  fs.writeFileSync(scenarioPath, scenarioText);

  // Errors after loading: only the network errors the cases above caused on purpose (the 400).
  const unexpected = problems.filter(p => p.phase !== 'load' && !(p.network && p.phase === 'reload'));
  check(unexpected.length === 0, 'no console error besides the deliberate failed reload', JSON.stringify(unexpected));

  cdp.close();
  // Chromium may still be writing its profile: stop it (and the server) first, then tidy up.
  cleanup();
  await sleep(300);
  try { fs.rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); } catch (e) { /* a temp dir left behind */ }
  console.log(failures ? `${failures} check(s) failed` : 'all dashboard checks passed; screenshots in ' + outDir);
  return failures ? 1 : 0;
}

const watchdog = setTimeout(() => { console.log('FAIL: the browser test took over 120 s'); cleanup(); process.exit(1); }, 120000);
main().then(code => { clearTimeout(watchdog); cleanup(); process.exit(code); },
  e => { clearTimeout(watchdog); console.log('FAIL ' + e.stack); cleanup(); process.exit(1); });
