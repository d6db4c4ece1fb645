// tenantsim dashboard: vanilla JavaScript over the admin JSON routes (no build step, no CDN).
'use strict';

const ADMIN = '/_tenantsim/';
const COLORS = ['#0f6cbd', '#c4314b', '#107c41', '#b86e00', '#8764b8', '#038387'];
const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};

async function admin(path, options = {}) {
  const response = await fetch(ADMIN + path, options);
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = text; }
  return { status: response.status, body };
}

// ---- views -------------------------------------------------------------------------------------
const views = {};
let current = null;
function show(name) {
  if (!views[name]) name = 'live';
  document.querySelectorAll('.view').forEach(v => v.classList.toggle('active', v.id === 'view-' + name));
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name));
  current = name;
  if (views[name].enter) views[name].enter();
}
window.addEventListener('hashchange', () => show(location.hash.slice(1).split('?')[0]));

// ---- live --------------------------------------------------------------------------------------
const live = { last: null, history: [], maxPoints: 60 };
views.live = { enter: () => pollStats() };

function totalsOf(stats) {
  const t = { requests: 0, throttled: 0, faults: 0 };
  for (const e of stats.endpoints) { t.requests += e.requests; t.throttled += e.throttled; t.faults += e.faults; }
  return t;
}

function renderStats(stats) {
  const now = performance.now();
  const totals = totalsOf(stats);
  const events = stats.events.directoryAudits + stats.events.auditEvents;
  if (live.last) {
    const dt = Math.max(0.001, (now - live.last.at) / 1000);
    const point = { rps: {}, total: (totals.requests - live.last.totals.requests) / dt };
    for (const e of stats.endpoints) {
      const before = live.last.byEndpoint[e.endpoint] || 0;
      point.rps[e.endpoint] = Math.max(0, (e.requests - before) / dt);
    }
    live.history.push(point);
    if (live.history.length > live.maxPoints) live.history.shift();
    $('#live-rps').textContent = point.total.toFixed(1);
    $('#live-appended').textContent = ((events - live.last.events) / dt).toFixed(1);
  }
  live.last = { at: now, totals, events, byEndpoint: Object.fromEntries(stats.endpoints.map(e => [e.endpoint, e.requests])) };
  $('#live-throttled').textContent = totals.throttled;
  $('#live-faults').textContent = totals.faults;
  const lat = stats.latency;
  $('#live-p50').textContent = lat && lat.sample ? lat.p50Ms.toFixed(1) + ' ms' : '-';
  $('#live-p99').textContent = lat && lat.sample ? lat.p99Ms.toFixed(1) + ' ms' : '-';
  $('#live-clock').textContent = stats.clock.now;
  $('#live-mode').textContent = stats.clock.mode + (stats.clock.mode === 'live' ? ' x' + stats.clock.speed : '');
  $('#clock-badge').textContent = stats.clock.now + ' (' + stats.clock.mode + ')';
  const body = $('#live-table tbody');
  body.replaceChildren(...stats.endpoints.map(e => el('tr', { 'data-endpoint': e.endpoint },
    el('td', {}, e.endpoint),
    el('td', { class: 'requests' }, e.requests),
    el('td', {}, Object.entries(e.byStatus).map(([s, n]) => s + ': ' + n).join(', ')),
    el('td', { class: 'throttled' }, e.throttled),
    el('td', { class: 'faults' }, e.faults),
    el('td', {}, e.items))));
  drawChart(stats.endpoints.map(e => e.endpoint));
}

function drawChart(endpoints) {
  const svg = $('#live-chart');
  const W = 600, H = 160, pad = 4;
  const max = Math.max(1, ...live.history.flatMap(p => Object.values(p.rps)));
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const legend = $('#live-legend');
  legend.replaceChildren();
  endpoints.forEach((name, i) => {
    const pts = live.history.map((p, j) => {
      const x = (j / Math.max(1, live.maxPoints - 1)) * W;
      const y = H - pad - ((p.rps[name] || 0) / max) * (H - 2 * pad);
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[i % COLORS.length]);
    line.setAttribute('stroke-width', '2');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
    const swatch = el('i');
    swatch.style.background = COLORS[i % COLORS.length];
    legend.append(el('span', {}, swatch, name));
  });
  legend.append(el('span', { class: 'hint' }, 'top of the chart: ' + max.toFixed(1) + ' requests/s; last ' + live.maxPoints + ' s'));
}

async function pollStats() {
  const r = await admin('stats');
  if (r.status === 200) renderStats(r.body);
  return r;
}

// ---- request log -------------------------------------------------------------------------------
views.log = { enter: () => refreshLog() };
let selectedTrace = null;

function logQuery() {
  const form = $('#log-filter');
  const q = new URLSearchParams({ limit: '200' });
  for (const name of ['status', 'app', 'path']) if (form[name].value.trim()) q.set(name, form[name].value.trim());
  return q.toString();
}

async function refreshLog() {
  const r = await admin('requests?' + logQuery());
  const body = $('#log-table tbody');
  if (r.status !== 200) { body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'error' }, r.body.error ? r.body.error.message : 'error'))); return; }
  body.replaceChildren(...r.body.value.map(t => el('tr', {
    class: 'clickable' + (t.id === selectedTrace ? ' selected' : ''), 'data-id': t.id, onclick: () => showTrace(t.id),
  },
    el('td', {}, t.id), el('td', {}, t.time.slice(11, 19)),
    el('td', { class: 'status status-' + String(t.status)[0] }, t.status),
    el('td', { class: 'target' }, t.method + ' ' + t.target), el('td', {}, t.appId || '-'),
    el('td', {}, t.durationMs.toFixed(1)), el('td', { class: 'summary' }, t.summary))));
}

async function showTrace(id) {
  selectedTrace = id;
  const r = await admin('requests/' + id);
  const aside = $('#log-detail');
  if (r.status !== 200) { aside.replaceChildren(el('p', { class: 'error' }, r.body.error.message)); return; }
  const t = r.body;
  aside.replaceChildren(
    el('h3', {}, 'Request #' + t.id),
    el('pre', {}, t.method + ' ' + t.target),
    el('p', {}, 'status ', el('b', { class: 'status-' + String(t.status)[0] }, t.status), ', ', t.bytes, ' bytes, ', t.durationMs.toFixed(2), ' ms'),
    el('p', {}, 'app ', t.appId || '(unknown)', ', tenant ', t.tenantId || '-'),
    el('p', {}, 'request-id ', t.requestId || '-', t.authorization ? ', Authorization: ' + t.authorization : ''),
    el('h3', {}, 'Decision chain'),
    el('ol', { id: 'trace-decisions' }, ...t.decisions.map(d => el('li', {}, el('b', {}, d.stage), ' ', d.decision))),
    el('h3', {}, 'Query plan'),
    el('p', { id: 'trace-plan' }, t.plan || '(no query)'));
  document.querySelectorAll('#log-table tr').forEach(tr => tr.classList.toggle('selected', Number(tr.dataset.id) === id));
}

// ---- event explorer ----------------------------------------------------------------------------
const explorer = { caps: [], next: null, token: null };
views.explorer = { enter: () => loadCapabilities() };

async function loadCapabilities() {
  if (explorer.caps.length) return;
  const r = await admin('capabilities');
  explorer.caps = r.body.value;
  const select = $('#explorer-form').collection;
  select.replaceChildren(...explorer.caps.map((c, i) => el('option', { value: i }, c.path)));
  select.addEventListener('change', () => { $('#explorer-clauses').replaceChildren(); updateUrl(); });
  applyExplorerHash();
}

function capsNow() { return explorer.caps[Number($('#explorer-form').collection.value) || 0]; }

function addClause(path, op, value) {
  const caps = capsNow();
  const props = el('select', { name: 'prop' }, ...caps.properties.map(p => el('option', { value: p.path }, p.path)));
  const ops = el('select', { name: 'op' });
  const input = el('input', { name: 'value', size: 36 });
  const fillOps = () => {
    const p = caps.properties.find(x => x.path === props.value);
    ops.replaceChildren(...p.operators.map(o => el('option', {}, o)));
    input.placeholder = p.type === 'dateTime' ? '2026-10-12T00:00:00Z' : p.type === 'guid' ? 'GUID' : 'text';
  };
  props.addEventListener('change', () => { fillOps(); updateUrl(); });
  if (path) props.value = path;
  fillOps();
  if (op) ops.value = op;
  if (value) input.value = value;
  const row = el('div', { class: 'row clause' }, props, ops, input,
    el('button', { type: 'button', onclick: () => { row.remove(); updateUrl(); } }, 'remove'));
  $('#explorer-clauses').append(row);
  updateUrl();
}

function literal(type, value) {
  if (type === 'dateTime') return value;
  if (type === 'guid' && /^[0-9a-fA-F-]{36}$/.test(value)) return value;
  return "'" + value.replaceAll("'", "''") + "'";
}

function filterText() {
  const caps = capsNow();
  const parts = [];
  for (const row of document.querySelectorAll('#explorer-clauses .clause')) {
    const path = $('[name=prop]', row).value, op = $('[name=op]', row).value, value = $('[name=value]', row).value.trim();
    if (!value) continue;
    const type = caps.properties.find(p => p.path === path).type;
    parts.push(op === 'startswith' || op === 'contains' ? `${op}(${path},${literal(type, value)})` : `${path} ${op} ${literal(type, value)}`);
  }
  return parts.join(' ' + $('#explorer-form').join.value + ' ');
}

function graphUrl() {
  const form = $('#explorer-form');
  const q = [];
  const filter = filterText();
  if (filter) q.push('$filter=' + encodeURIComponent(filter));
  if (form.top.value) q.push('$top=' + encodeURIComponent(form.top.value));
  if (form.order.value) q.push('$orderby=' + encodeURIComponent('activityDateTime ' + form.order.value));
  if (form.count.checked) q.push('$count=true');
  return location.origin + capsNow().path + (q.length ? '?' + q.join('&') : '');
}

function updateUrl() {
  if (!explorer.caps.length) return;
  const url = graphUrl();
  $('#explorer-url').textContent = url;
  $('#explorer-curl').textContent = `curl -s -H "Authorization: Bearer $TOKEN" '${url}'`;
}

async function tokenFor(form) {
  if (!form.clientId.value) return null;
  if (explorer.token && explorer.token.client === form.clientId.value) return explorer.token.value;
  const scenario = await admin('scenario');
  const body = new URLSearchParams({
    grant_type: 'client_credentials', client_id: form.clientId.value, client_secret: form.secret.value,
    scope: 'https://graph.microsoft.com/.default',
  });
  const r = await fetch('/' + scenario.body.tenant.id + '/oauth2/v2.0/token', { method: 'POST', body });
  const json = await r.json();
  if (!json.access_token) throw new Error('token: ' + (json.error_description || json.error || r.status));
  explorer.token = { client: form.clientId.value, value: json.access_token };
  return json.access_token;
}

async function runQuery(url) {
  const form = $('#explorer-form');
  const status = $('#explorer-status');
  const rows = $('#explorer-results tbody');
  status.textContent = 'loading...';
  let headers = {};
  try {
    const token = await tokenFor(form);
    if (token) headers = { Authorization: 'Bearer ' + token };
  } catch (e) { status.replaceChildren(el('span', { class: 'error' }, e.message)); return; }
  const r = await fetch(url, { headers });
  const json = await r.json();
  if (r.status !== 200) {
    status.replaceChildren(el('span', { class: 'error', id: 'explorer-error' }, r.status + ' ' + (json.error ? json.error.code + ': ' + json.error.message : '')));
    rows.replaceChildren();
    return;
  }
  const count = json['@odata.count'];
  status.replaceChildren(el('span', { id: 'explorer-count', 'data-count': json.value.length }, json.value.length + ' items' + (count !== undefined ? ' of ' + count : '')));
  rows.replaceChildren(...json.value.map(item => el('tr', { 'data-id': item.id },
    el('td', {}, item.activityDateTime), el('td', {}, item.activityDisplayName || item.displayName || ''), el('td', { class: 'target' }, item.id))));
  explorer.next = json['@odata.nextLink'] || null;
  $('#explorer-next').disabled = !explorer.next;
  $('#explorer-paging').textContent = explorer.next ? 'more pages (nextLink)' : 'last page';
  $('#explorer-url').textContent = url;
}

// #explorer?collection=/v1.0/auditLogs/directoryAudits&ge=2026-10-12T03:00:00Z&le=...
function applyExplorerHash() {
  const [view, query] = location.hash.slice(1).split('?');
  if (view !== 'explorer' || !query || !explorer.caps.length) return;
  const q = new URLSearchParams(query);
  const i = explorer.caps.findIndex(c => c.path === q.get('collection'));
  if (i >= 0) $('#explorer-form').collection.value = i;
  $('#explorer-clauses').replaceChildren();
  if (q.get('ge')) addClause('activityDateTime', 'ge', q.get('ge'));
  if (q.get('le')) addClause('activityDateTime', 'le', q.get('le'));
  updateUrl();
}
window.addEventListener('hashchange', applyExplorerHash);

// ---- scenario ----------------------------------------------------------------------------------
views.scenario = { enter: () => loadScenario() };

function storylineCollection(kind) {
  return kind === 'rogueCloudPkiCa' ? '/v1.0/deviceManagement/auditEvents' : '/v1.0/auditLogs/directoryAudits';
}

function plusHours(iso, h) { return new Date(Date.parse(iso) + h * 3600e3).toISOString().replace('.000Z', 'Z'); }

async function loadScenario() {
  const r = await admin('scenario');
  const s = r.body;
  $('#scenario-summary').replaceChildren(
    el('h2', {}, s.name), el('p', {}, s.description || ''),
    el('p', {}, `Tenant ${s.tenant.name} (${s.tenant.domain}, ${s.tenant.id}): ${s.tenant.users.toLocaleString()} users, ${s.tenant.license}; seed ${s.seed}; ${s.apps} apps`),
    el('p', {}, `Window ${s.window.start} .. ${s.window.end} (${s.window.days} days); auth ${s.server.auth}, throttling ${s.server.throttling ? 'on' : 'off'}, fault rate ${s.server.faultRate}, latency ${s.server.latency}` + (s.live ? `; live x${s.live.speed}` : '')));
  const start = Date.parse(s.window.start), end = Date.parse(s.window.end);
  const svg = $('#scenario-timeline');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const axis = document.createElementNS(ns, 'line');
  Object.entries({ x1: 0, x2: 600, y1: 50, y2: 50, stroke: '#6b7785' }).forEach(([k, v]) => axis.setAttribute(k, v));
  svg.append(axis);
  const list = $('#scenario-storylines');
  list.replaceChildren();
  s.storylines.forEach((st, i) => {
    const x = ((Date.parse(st.at) - start) / Math.max(1, end - start)) * 600;
    const link = `#explorer?collection=${encodeURIComponent(storylineCollection(st.kind))}&ge=${st.at}&le=${plusHours(st.at, 2)}`;
    const a = document.createElementNS(ns, 'a');
    a.setAttribute('href', link);
    const mark = document.createElementNS(ns, 'circle');
    Object.entries({ cx: x, cy: 50, r: 6, fill: COLORS[(i + 1) % COLORS.length] }).forEach(([k, v]) => mark.setAttribute(k, v));
    const title = document.createElementNS(ns, 'title');
    title.textContent = st.label;
    mark.append(title);
    a.append(mark);
    const text = document.createElementNS(ns, 'text');
    Object.entries({ x: Math.min(x, 480), y: 20 + 14 * (i % 2), 'font-size': 11 }).forEach(([k, v]) => text.setAttribute(k, v));
    text.textContent = st.label;
    a.append(text);
    svg.append(a);
    list.append(el('li', {}, el('a', { href: link, class: 'storyline' }, st.label), ` - ${st.kind} at ${st.at}`));
  });
  if (!s.storylines.length) list.append(el('li', { class: 'hint' }, 'no planted incidents'));
  const body = $('#scenario-workloads tbody');
  body.replaceChildren(...Object.entries(s.workloads).map(([name, w]) => el('tr', {},
    el('th', {}, name), el('td', {}, typeof w === 'object' ? Object.entries(w).map(([k, v]) => k + ': ' + v).join(', ') : String(w)))));
}

// ---- controls ----------------------------------------------------------------------------------
views.controls = { enter: () => showClock() };

async function showClock(r) {
  r = r || await admin('clock');
  $('#clock-result').textContent = JSON.stringify(r.body, null, 2);
  if (r.status === 200 && r.body.now) $('#clock-form').now.value = r.body.now;
}

async function setClock(body) {
  showClock(await admin('clock', { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }));
}

async function reloadScenario() {
  const out = $('#reload-result');
  out.replaceChildren(el('p', { class: 'hint' }, 'reloading...'));
  const r = await admin('reload', { method: 'POST' });
  if (r.status === 200) {
    out.replaceChildren(el('p', { id: 'reload-ok' }, r.body.message));
    return;
  }
  const error = r.body.error || { message: String(r.body) };
  out.replaceChildren(el('p', { class: 'error', id: 'reload-error' }, `${r.status}: ${error.message}`),
    el('ul', { class: 'errors' }, ...(error.details || []).map(d => el('li', {}, d.message))));
}

// ---- start -------------------------------------------------------------------------------------
document.addEventListener('DOMContentLoaded', () => {
  $('#log-filter').addEventListener('submit', e => { e.preventDefault(); refreshLog(); });
  const form = $('#explorer-form');
  form.addEventListener('input', updateUrl);
  form.addEventListener('submit', e => { e.preventDefault(); runQuery(graphUrl()); });
  $('#explorer-add').addEventListener('click', () => addClause());
  $('#explorer-next').addEventListener('click', () => explorer.next && runQuery(explorer.next));
  $('#clock-form').addEventListener('submit', e => { e.preventDefault(); setClock({ now: $('#clock-form').now.value.trim() }); });
  $('#clock-forward').addEventListener('click', () => {
    const now = $('#clock-form').now.value.trim();
    if (now) setClock({ now: plusHours(now, 1) });
  });
  $('#clock-release').addEventListener('click', () => setClock({ reset: true }));
  $('#reload').addEventListener('click', reloadScenario);
  show(location.hash.slice(1).split('?')[0] || 'live');
  setInterval(() => {
    if (current === 'live') pollStats();
    else if (current === 'log' && $('#log-filter').follow.checked) refreshLog();
  }, 1000);
  pollStats();
});
