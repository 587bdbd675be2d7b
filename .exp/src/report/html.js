/*
 * One self-contained HTML page of an execution's Picture: the report, the interleaving as one
 * column per thread (with the locks each holds after its step), object lifetimes, and the CPU
 * and device page-table entries of the pages involved at the selected step; a step slider and
 * keyboard navigation (arrows, Home/End, j/k); the replay command.
 *
 * No network: the style and the script are inline and the data is embedded as JSON. Scenario
 * text reaches the page only as JSON data read into textContent (never as markup), and the
 * JSON is escaped so that it cannot close its <script> element.
 */
/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
/** JSON that is safe inside <script type="application/json">. */
export function scriptJson(v) {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const STYLE = `
:root { --sel: #fff3b0; --rep: #ffd6d6; --line: #ddd; font-family: system-ui, sans-serif; font-size: 13px; }
body { margin: 0; color: #222; background: #fafafa; }
header { padding: 10px 16px; background: #20313f; color: #fff; }
header h1 { font-size: 17px; margin: 0 0 4px 0; }
header code { background: #0c1a24; padding: 2px 6px; border-radius: 3px; user-select: all; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 12px; padding: 12px 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; margin-bottom: 12px; }
h2 { font-size: 14px; margin: 2px 0 8px 0; }
pre { white-space: pre-wrap; margin: 0 0 8px 0; font-size: 12px; }
.report pre { background: #fff0f0; border-left: 4px solid #c33; padding: 6px 8px; }
#controls { position: sticky; top: 0; z-index: 2; background: #eef3f7; border-bottom: 1px solid var(--line); padding: 8px 16px; display: flex; gap: 10px; align-items: center; }
#slider { flex: 1; }
#steps-wrap { max-height: 70vh; overflow: auto; position: relative; }
table { border-collapse: collapse; width: 100%; }
#steps { table-layout: fixed; }
#steps td, #steps th { overflow-wrap: anywhere; }
#steps th:first-child { width: 3.5em; }
th, td { border-bottom: 1px solid var(--line); padding: 2px 6px; text-align: left; vertical-align: top; font-size: 12px; }
th { position: sticky; top: 0; background: #f3f3f3; }
td.n { color: #777; text-align: right; width: 3em; }
td .held { color: #2a6f97; font-size: 11px; }
td .tl { color: #6a5acd; font-size: 11px; }
tr.sel td { background: var(--sel); }
tr.rep td { background: var(--rep); }
tr.sel.rep td { background: #ffb3b3; }
tr { cursor: pointer; }
.state-live { color: #186a3b; } .state-freed { color: #b03a2e; font-weight: bold; } .state-poisoned { color: #7d3c98; font-weight: bold; } .state-none { color: #999; }
.changed { outline: 2px solid #e67e22; }
.life { position: relative; height: 10px; margin-top: 2px; background: #f0f0f0; }
.life .span { position: absolute; top: 2px; height: 6px; background: #7fb77e; }
.life .span.freed-after { background: linear-gradient(90deg, #7fb77e 0, #7fb77e calc(100% - 3px), #b03a2e calc(100% - 3px)); }
.life .poison { position: absolute; top: 0; width: 2px; height: 10px; background: #7d3c98; }
.life .now { position: absolute; top: -2px; width: 1px; height: 14px; background: #222; }
`;
const SCRIPT = `
(function () {
  'use strict';
  var P = JSON.parse(document.getElementById('picture').textContent);
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function hex(v) { return '0x' + v.toString(16); }
  function valueAt(h, n) { var v = 'none'; for (var i = 0; i < h.length; i++) if (h[i].from <= n) v = h[i].value; return v; }
  function changedAt(h, n) { for (var i = 0; i < h.length; i++) if (h[i].from === n) return true; return false; }
  document.getElementById('title').textContent = P.scenario + ' on ' + P.design + ' \\u2014 ' + P.steps + ' steps, ' + P.threads.length + ' threads';
  var rep = document.getElementById('reports');
  if (P.violations.length === 0) rep.appendChild(el('p', 'No violation in this execution.'));
  P.violations.forEach(function (v) { rep.appendChild(el('pre', [v.title].concat(v.detail).join('\\n'))); });
  var reportSteps = {}; P.violations.forEach(function (v) { reportSteps[v.step] = true; });
  // Interleaving: one column per thread.
  var head = document.getElementById('steps-head'); var tr = el('tr'); tr.appendChild(el('th', 'step'));
  P.threads.forEach(function (t) { tr.appendChild(el('th', t)); }); head.appendChild(tr);
  var body = document.getElementById('steps-body'); var rows = {};
  P.interleaving.forEach(function (s) {
    var r = el('tr'); r.dataset.step = s.n; if (reportSteps[s.n]) r.classList.add('rep');
    r.appendChild(el('td', s.n, 'n'));
    P.threads.forEach(function (t) {
      var td = el('td');
      if (t === s.thread) {
        td.appendChild(el('div', s.op + (s.obj ? ' ' + s.obj : '') + (s.where ? ' in ' + s.where : '')));
        s.trace.forEach(function (l) { td.appendChild(el('div', '| ' + l, 'tl')); });
        if (s.held.length) td.appendChild(el('div', 'holds ' + s.held.join(', '), 'held'));
      }
      r.appendChild(td);
    });
    r.addEventListener('click', function () { select(s.n); });
    body.appendChild(r); rows[s.n] = r;
  });
  var slider = document.getElementById('slider');
  slider.min = 1; slider.max = Math.max(1, P.steps); slider.value = P.violations.length ? P.violations[0].step : 1;
  var cur = null;
  function heldAt(n) {
    var out = {}; P.threads.forEach(function (t) { out[t] = []; });
    for (var i = 0; i < P.interleaving.length && P.interleaving[i].n <= n; i++) out[P.interleaving[i].thread] = P.interleaving[i].held;
    return out;
  }
  function lifeBar(from, to, poison, n) {
    var d = el('div', null, 'life'), w = Math.max(1, P.steps);
    var sp = el('div', null, 'span' + (to !== null ? ' freed-after' : ''));
    sp.style.left = (100 * from / w) + '%'; sp.style.width = Math.max(0.5, 100 * ((to === null ? w : to) - from) / w) + '%'; d.appendChild(sp);
    if (poison !== null) { var pz = el('div', null, 'poison'); pz.style.left = (100 * poison / w) + '%'; d.appendChild(pz); }
    var now = el('div', null, 'now'); now.style.left = (100 * n / w) + '%'; d.appendChild(now);
    return d;
  }
  function objState(o, n) {
    if (o.freed && o.freed.step <= n) return 'freed';
    if (o.poisoned && o.poisoned.step <= n) return 'poisoned';
    if (!o.allocated || o.allocated.step <= n) return 'live';
    return 'none';
  }
  function render(n) {
    document.getElementById('stepno').textContent = 'step ' + n + ' / ' + P.steps;
    var s = null; for (var i = 0; i < P.interleaving.length; i++) if (P.interleaving[i].n === n) s = P.interleaving[i];
    document.getElementById('stepdesc').textContent = s ? s.thread + ': ' + s.op + (s.obj ? ' ' + s.obj : '') + (s.where ? ' in ' + s.where : '') : '';
    var locks = document.getElementById('locks-body'); locks.textContent = '';
    var h = heldAt(n);
    P.threads.forEach(function (t) { var r = el('tr'); r.appendChild(el('td', t)); r.appendChild(el('td', h[t].length ? h[t].join(', ') : '\\u2014')); locks.appendChild(r); });
    var objs = document.getElementById('objects-body'); objs.textContent = '';
    P.objects.forEach(function (o) {
      var st = objState(o, n); var r = el('tr'); r.dataset.object = o.label;
      r.appendChild(el('td', o.label));
      r.appendChild(el('td', o.allocated ? o.allocated.step + ' (' + o.allocated.thread + ')' : 'static'));
      r.appendChild(el('td', o.freed ? o.freed.step + ' (' + o.freed.thread + ')' : ''));
      r.appendChild(el('td', o.poisoned ? o.poisoned.step + ' (' + o.poisoned.field + ')' : ''));
      r.appendChild(el('td', st, 'state-' + st));
      r.firstChild.appendChild(lifeBar(o.allocated ? o.allocated.step : 0, o.freed ? o.freed.step : null, o.poisoned ? o.poisoned.step : null, n));
      objs.appendChild(r);
    });
    P.pageFrees.forEach(function (f) {
      var st = f.step <= n ? 'freed' : 'live'; var r = el('tr'); r.dataset.object = f.page;
      r.appendChild(el('td', f.page)); r.appendChild(el('td', '')); r.appendChild(el('td', f.step + ' (' + f.thread + ')')); r.appendChild(el('td', ''));
      r.appendChild(el('td', st, 'state-' + st));
      r.firstChild.appendChild(lifeBar(0, f.step, null, n));
      objs.appendChild(r);
    });
    var pt = document.getElementById('pt-body'); pt.textContent = '';
    P.pages.forEach(function (pg, i) {
      var r = el('tr'); r.dataset.page = i;
      r.appendChild(el('td', pg.mm + ' ' + hex(pg.va)));
      var c = el('td', valueAt(pg.cpu, n)); c.className = 'cpu'; if (changedAt(pg.cpu, n)) c.classList.add('changed'); r.appendChild(c);
      P.devices.forEach(function (d) {
        var hist = pg.devices[d]; var td = el('td', hist ? valueAt(hist, n) : '\\u2014'); td.className = 'dev'; td.dataset.device = d;
        if (hist && changedAt(hist, n)) td.classList.add('changed'); r.appendChild(td);
      });
      pt.appendChild(r);
    });
  }
  function select(n) {
    n = Math.max(1, Math.min(P.steps, n | 0));
    if (cur !== null && rows[cur]) rows[cur].classList.remove('sel');
    cur = n; slider.value = n;
    if (rows[n]) {
      rows[n].classList.add('sel');
      var wrap = document.getElementById('steps-wrap'), r = rows[n];
      if (r.offsetTop < wrap.scrollTop || r.offsetTop + r.offsetHeight > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = r.offsetTop - wrap.clientHeight / 2;
    }
    render(n);
  }
  var pth = document.getElementById('pt-head'); var hr = el('tr'); hr.appendChild(el('th', 'page')); hr.appendChild(el('th', 'CPU entry'));
  P.devices.forEach(function (d) { hr.appendChild(el('th', d + ' entry')); }); pth.appendChild(hr);
  slider.addEventListener('input', function () { select(Number(slider.value)); });
  document.getElementById('prev').addEventListener('click', function () { select(cur - 1); });
  document.getElementById('next').addEventListener('click', function () { select(cur + 1); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'j') select(cur + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'k') select(cur - 1);
    else if (e.key === 'Home') select(1);
    else if (e.key === 'End') select(P.steps);
    else return;
    e.preventDefault();
  });
  select(Number(slider.value));
})();
`;
export function htmlReport(p, replayCommand) {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(`hmmsim: ${p.scenario} on ${p.design}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="title"></h1><div>Replay: <code id="replay">${escapeHtml(replayCommand)}</code></div></header>
<div id="controls"><button id="prev" title="previous step (Left, k)">&#9664;</button><input id="slider" type="range" aria-label="step"><button id="next" title="next step (Right, j)">&#9654;</button><span id="stepno"></span><span id="stepdesc"></span></div>
<main>
<div>
<section class="report"><h2>Report</h2><div id="reports"></div></section>
<section><h2>Interleaving (one column per thread; click a row or use the arrow keys)</h2><div id="steps-wrap"><table id="steps"><thead id="steps-head"></thead><tbody id="steps-body"></tbody></table></div></section>
</div>
<div>
<section><h2>Page tables at this step</h2><table id="pt"><thead id="pt-head"></thead><tbody id="pt-body"></tbody></table></section>
<section><h2>Locks held after this step</h2><table id="locks"><tbody id="locks-body"></tbody></table></section>
<section><h2>Object lifetimes (bars over steps 1-${p.steps}; the black line is this step)</h2><table id="objects"><thead><tr><th>object</th><th>allocated</th><th>freed</th><th>poisoned</th><th>at this step</th></tr></thead><tbody id="objects-body"></tbody></table></section>
</div>
</main>
<script type="application/json" id="picture">${scriptJson(p)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
