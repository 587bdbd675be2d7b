/*
 * The HTML report in a real browser: headless Chromium (Debian's chromium package, driven by
 * playwright-core through its executable path; .ci/run installs it). Without a browser these
 * tests SKIP with the reason; they never pass silently.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { recordPicture, valueAt } from '../../src/report/facts.js';
import { htmlReport } from '../../src/report/html.js';
import { findScenario } from '../../src/scenarios/index.js';
// HMMSIM_CHROMIUM names the browser to use (and only that one).
const CANDIDATES = process.env['HMMSIM_CHROMIUM'] ? [process.env['HMMSIM_CHROMIUM']] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const executable = CANDIDATES.find((p) => existsSync(p));
let pw = null;
let why = '';
try {
    pw = await import('playwright-core');
}
catch (e) {
    why = `playwright-core cannot be loaded (${e.message.split('\n')[0]})`;
}
if (!executable)
    why = `no Chromium found (looked for ${CANDIDATES.join(', ')}; apt-get install chromium, or set HMMSIM_CHROMIUM)`;
const skip = why || false;
let browser = null;
const dir = mkdtempSync(join(tmpdir(), 'hmmsim-html-'));
const sc = findScenario('register-vs-exit');
let pic;
let file = '';
before(async () => {
    if (skip)
        return;
    const token = explore(sc, 'v5.2', { ...DEFAULT_OPTIONS }).violations[0].token;
    pic = recordPicture(token, findScenario);
    file = join(dir, 'report.html');
    writeFileSync(file, htmlReport(pic, `hmmsim replay ${token}`));
    browser = await pw.chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
});
after(async () => {
    await browser?.close();
});
/** Open `path`; collects console errors, page errors and any request that is not the file itself. */
async function open(path) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    const requests = [];
    page.on('console', (m) => {
        if (m.type() === 'error')
            errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href);
    return { page, errors, requests };
}
const selected = (page) => page.$$eval('#steps-body tr.sel', (rs) => rs.map((r) => Number(r.dataset['step'])));
const pageTable = (page) => page.$$eval('#pt-body tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
function expectedTable(n) {
    return pic.pages.map((p) => [`${p.mm} 0x${p.va.toString(16)}`, valueAt(p.cpu, n), ...pic.devices.map((d) => (p.devices[d] ? valueAt(p.devices[d], n) : '\u2014'))]);
}
test('the page loads with no console error and no network request', { skip }, async () => {
    const { page, errors, requests } = await open(file);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    assert.equal(await page.textContent('#replay'), `hmmsim replay ${pic.token}`);
    assert.deepEqual(await page.$$eval('#steps-head th', (t) => t.map((x) => x.textContent)), ['step', ...pic.threads]);
    assert.equal(await page.$$eval('#steps-body tr', (r) => r.length), pic.steps);
    // The report's step is selected first.
    assert.deepEqual(await selected(page), [pic.violations[0].step]);
    await page.close();
});
test('the slider and the keyboard move the highlighted step; the page table follows', { skip }, async () => {
    const { page, errors } = await open(file);
    const map = pic.interleaving.find((s) => s.op === 'device_map').n;
    for (const n of [map - 1, map, 1, pic.steps]) {
        await page.locator('#slider').fill(String(n));
        assert.deepEqual(await selected(page), [n]);
        assert.equal(await page.textContent('#stepno'), `step ${n} / ${pic.steps}`);
        assert.deepEqual(await pageTable(page), expectedTable(n));
    }
    // Before the device programs the page its entry is none; from that step on it maps pfn 1024.
    await page.locator('#slider').fill(String(map - 1));
    const row = pic.pages.findIndex((p) => p.va === 0x3f8000000000);
    assert.equal((await pageTable(page))[row][2], 'none');
    await page.locator('body').press('ArrowRight');
    assert.deepEqual(await selected(page), [map]);
    assert.equal((await pageTable(page))[row][2], 'pfn 1024 rw');
    await page.locator('body').press('j');
    assert.deepEqual(await selected(page), [map + 1]);
    await page.locator('body').press('Home');
    assert.deepEqual(await selected(page), [1]);
    await page.locator('body').press('ArrowLeft');
    assert.deepEqual(await selected(page), [1]);
    await page.locator('body').press('End');
    assert.deepEqual(await selected(page), [pic.steps]);
    assert.equal(await page.$eval('#slider', (s) => s.value), String(pic.steps));
    // Clicking a row selects it; object states follow the step.
    const free = pic.pageFrees.find((f) => f.pfn === 1024);
    await page.click(`#steps-body tr[data-step="${free.step - 1}"]`);
    assert.deepEqual(await selected(page), [free.step - 1]);
    const state = () => page.$eval(`#objects-body tr[data-object="${free.page}"] td:last-child`, (td) => td.textContent);
    assert.equal(await state(), 'live');
    await page.locator('body').press('ArrowRight');
    assert.equal(await state(), 'freed');
    assert.deepEqual(errors, []);
    await page.close();
});
/** Share of a screenshot's pixels whose colour differs from its most common one (decoded by the browser). */
async function inkShare(page, png) {
    return page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const counts = new Map();
        for (let i = 0; i < d.length; i += 4) {
            const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
            counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        return 1 - Math.max(...counts.values()) / (d.length / 4);
    }, png.toString('base64'));
}
test('a screenshot is not blank (and a blank page is told apart)', { skip }, async () => {
    const { page } = await open(file);
    const shot = await page.screenshot();
    const blankFile = join(dir, 'blank.html');
    writeFileSync(blankFile, '<!DOCTYPE html><html><body></body></html>');
    const blank = await open(blankFile);
    const empty = await blank.page.screenshot();
    const blankInk = await inkShare(blank.page, empty);
    const ink = await inkShare(blank.page, shot);
    assert.ok(blankInk < 0.001, `blank page: ${blankInk} of the pixels are not background`);
    assert.ok(ink > 0.2, `report: only ${ink} of the pixels are not background`);
    await page.close();
    await blank.page.close();
});
test('scenario text is escaped: markup in names and operations stays text', { skip }, async () => {
    const evil = '<img src=x onerror="window.__pwned=1"></script><b>x</b>&amp;';
    const p = structuredClone(pic);
    p.scenario = evil;
    p.threads = p.threads.map((t) => `${t}${evil}`);
    for (const s of p.interleaving) {
        s.thread = `${s.thread}${evil}`;
        s.obj = `${s.obj}${evil}`;
    }
    p.violations[0].title = evil;
    const f = join(dir, 'evil.html');
    writeFileSync(f, htmlReport(p, `hmmsim replay ${evil}`));
    const { page, errors, requests } = await open(f);
    assert.deepEqual(errors, []);
    assert.equal(requests.length, 1, requests.join(', '));
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('img, b', (e) => e.length), 0);
    assert.equal(await page.textContent('#replay'), `hmmsim replay ${evil}`);
    assert.ok((await page.textContent('#title')).startsWith(evil));
    assert.ok((await page.textContent('#reports')).includes(evil));
    await page.close();
});
test('compare --html: the designs stand in columns next to each other, no console error', { skip }, async () => {
    const { compareHtml } = await import('../../src/report/compare.js');
    const { buildComparison } = await import('../../src/report/compare.js');
    const { verdict } = await import('../../src/explore/verdict.js');
    const aba = findScenario('invalidate-aba');
    const verdicts = ['v5.3', 'v6'].map((d) => verdict(aba, d, { dfsExecutions: Infinity, seconds: 120 }));
    const f = join(dir, 'compare.html');
    writeFileSync(f, compareHtml(buildComparison(aba, verdicts, findScenario, 0)));
    const { page, errors, requests } = await open(f);
    assert.deepEqual(errors, []);
    assert.equal(requests.length, 1);
    const boxes = await page.$$eval('.col', (cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, design: c.dataset['design'] }; }));
    assert.deepEqual(boxes.map((b) => b.design), ['v5.3', 'v6']);
    assert.equal(boxes[0].y, boxes[1].y, 'side by side, not stacked');
    assert.ok(boxes[1].x >= boxes[0].x + boxes[0].w, 'v6 to the right of v5.3');
    assert.equal(await page.$$eval('.col[data-design="v5.3"] li.rep', (l) => l.length), 1);
    assert.ok((await page.textContent('.col[data-design="v6"]')).includes('mmu_interval_read_retry'));
    await page.close();
});
/** Render Mermaid text with the mermaid package (its browser bundle, loaded from node_modules). */
async function renderMermaid(text) {
    const page = await browser.newPage();
    try {
        await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
        await page.addScriptTag({ path: fileURLToPath(new URL('../../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url)) });
        return await page.evaluate(async (t) => {
            const m = window.mermaid;
            m.initialize({ startOnLoad: false, securityLevel: 'strict' });
            try {
                await m.parse(t);
                const { svg } = await m.render('diagram', t);
                const out = document.getElementById('out');
                out.innerHTML = svg;
                return { ok: true, texts: [...out.querySelectorAll('text')].map((x) => x.textContent ?? '') };
            }
            catch (e) {
                return { ok: false, error: String(e).split('\n')[0] };
            }
        }, text);
    }
    finally {
        await page.close();
    }
}
test('mermaid: the diagram parses and renders with mermaid itself; entities come out as text', { skip }, async () => {
    const { mermaidDiagram } = await import('../../src/report/mermaid.js');
    const r = await renderMermaid(mermaidDiagram(pic));
    assert.equal(r.error, undefined);
    assert.ok(r.ok);
    const map = pic.interleaving.find((s) => s.op === 'device_map');
    assert.ok(r.texts.includes(`${map.n}. device_map gpu0 0x3f8000000000 -> pfn 1024 rw in ${map.where}`), r.texts.join(' | '));
    assert.ok(r.texts.includes(pic.violations[0].title));
    // Text that would break the diagram unescaped renders as itself.
    const evil = 'a;b #c <script>x</script> %%d: e';
    const p = structuredClone(pic);
    for (const s of p.interleaving)
        s.obj = `${s.obj} ${evil}`;
    p.threads = p.threads.map((t) => `${t};x`);
    for (const s of p.interleaving)
        s.thread = `${s.thread};x`;
    p.violations[0].thread = `${p.violations[0].thread};x`;
    const e = await renderMermaid(mermaidDiagram(p));
    assert.equal(e.error, undefined);
    assert.ok(e.texts.some((t) => t.endsWith(`${evil} in ${map.where}`)), e.texts.join(' | '));
    assert.ok(e.texts.includes('gpu0;x'));
    // And unescaped, the same text does break it (the check above can fail).
    const raw = await renderMermaid(`sequenceDiagram\n  participant A as x\n  Note over A: ${evil}`);
    assert.equal(raw.ok, false);
});
