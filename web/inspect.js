// The neuron inspector: a panel beside the graph that shows why a neuron
// lives or dies, as Go's session.Inspect explains it (the formula with this
// cycle's numbers, its strength since birth against the threshold, the last
// window shaded by its activation, its strongest connections, its story).
// Open it by clicking or tapping a neuron (the view calls diffstructPick),
// or with the keyboard: N opens it on the first neuron, [ and ] move to the
// previous and next, Escape closes. This module only presents; a
// feed-forward neuron's own parts are ffinspect.js's.

import { renderFF, ffLinkLabel } from './ffinspect.js';

export function setupInspector(app) {
  const $ = (id) => document.getElementById(id);
  const panel = $('inspector');
  let open = null, last = null, busy = false, at = 0, opener = null;

  function show(runner, id) {
    const was = !!open;
    open = { runner, id };
    panel.hidden = false;
    // Keys go to the page again (a click left them in the view's frame),
    // and a screen reader is in the panel (not a live region: it refreshes
    // four times a second while the run plays); the page does not jump.
    if (!was) {
      opener = document.activeElement; // where the focus goes back on closing (the drawing, opened by keyboard)
      $('insp-close').focus({ preventScroll: true });
    }
    refresh(true);
  }
  function close() {
    const inside = panel.contains(document.activeElement);
    open = null;
    last = null;
    panel.hidden = true;
    if (inside && opener && opener.isConnected && opener !== document.body && opener.tagName !== 'IFRAME') opener.focus({ preventScroll: true });
    opener = null;
    highlight(null);
  }
  // highlight rings the neuron in the view and draws the connections the
  // panel lists on top (none when r is null or the neuron is gone).
  function highlight(r) {
    const g = app.graph();
    if (!g || !g.select) return;
    const ref = (l) => ({ neuron: l.kind === 'neuron', symbol: l.symbol || 0, id: l.id || 0 });
    try {
      if (r && r.alive && !r.past) g.select(r.runner, r.id, (r.in || []).map(ref), (r.out || []).map(ref));
      else g.select(0, -1, [], []);
    } catch (e) { /* the view stopped: the page says so elsewhere */ }
  }
  async function refresh(now) {
    if (!open || busy) return;
    const t = performance.now();
    if (!now && t - at < 250) return;
    busy = true;
    at = t;
    try {
      const r = await app.call({ op: 'inspect', runner: open.runner, neuron: open.id, at: app.at() });
      if (open && (r.id === open.id || open.id < 0)) {
        open.id = r.id;
        last = r;
        render(r);
        highlight(r);
      }
    } finally { busy = false; }
  }

  function text(id, s) { $(id).textContent = s || ''; }
  function render(r) {
    text('insp-title', r.known ? `Neuron #${r.id}${r.name && r.runner > 0 ? ' (' + r.name + ')' : ''}` : 'Neuron');
    const when = `${r.past ? 'rewound to cycle' : 'cycle'} ${r.cycle.toLocaleString('en-US')}`;
    text('insp-state', !r.known ? '' : r.alive ? when : r.past ? when + ' · deleted' : 'deleted');
    renderFF(r, $);
    panel.classList.toggle('dead', r.known && !r.alive);
    text('insp-formula', r.formula);
    text('insp-filled', r.filled);
    text('insp-verdict', r.alive ? r.verdict : '');
    text('insp-pull', r.pull ? 'L1 pull: ' + r.pull : '');
    text('insp-push', r.push ? 'gradient push: ' + r.push : '');
    $('insp-verdict').hidden = !r.verdict;
    $('insp-forces').hidden = !(r.pull || r.push);
    const story = $('insp-story');
    story.replaceChildren(...(r.story || []).map((s) => { const li = document.createElement('li'); li.textContent = s; return li; }));
    drawHistory(r);
    const reads = $('insp-reads');
    reads.replaceChildren(...(r.reads || []).map((x) => {
      const sp = document.createElement('span');
      sp.textContent = x.sym === ' ' ? '\u2423' : x.sym === '\n' ? '\u21b5' : x.sym;
      const a = Math.min(1, Math.abs(x.act));
      sp.style.background = x.act >= 0 ? `rgba(85,166,255,${a})` : `rgba(255,128,64,${a})`;
      sp.title = `activation ${x.act.toFixed(3)}`;
      return sp;
    }));
    $('insp-reads-row').hidden = !(r.reads && r.reads.length);
    for (const [id, list] of [['insp-in', r.in], ['insp-out', r.out]]) {
      $(id).replaceChildren(...(list || []).map((l) => {
        const li = document.createElement('li');
        const name = r.kind === 'ff' ? ffLinkLabel(l) : l.kind === 'neuron' ? 'neuron ' + l.other : l.kind + ' ' + JSON.stringify(l.other);
        // three decimals, or two significant digits for a weight that would read ±0.000
        const w = Math.abs(l.weight) >= 0.0005 || l.weight === 0 ? l.weight.toFixed(3) : l.weight.toPrecision(2);
        li.textContent = `${name}: ${l.weight >= 0 ? '+' : ''}${w}`;
        li.className = l.weight >= 0 ? 'pos' : 'neg';
        return li;
      }));
    }
    $('insp-links').hidden = !(r.in && r.in.length);
  }

  // drawHistory plots the strength since birth (log scale) against T_D.
  function drawHistory(r) {
    const svg = $('insp-chart');
    const h = r.history || [];
    if (h.length < 1) { svg.replaceChildren(); return; }
    const W = 260, H = 80, th = +r.threshold;
    const c0 = h[0].c, c1 = Math.max(h[h.length - 1].c, c0 + 1);
    const vals = h.map((p) => Math.max(p.s, 1e-4)).concat([th]);
    const lo = Math.log(Math.min(...vals)) - 0.1, hi = Math.log(Math.max(...vals)) + 0.1;
    const x = (c) => 4 + (W - 8) * (c - c0) / (c1 - c0);
    const y = (s) => H - 4 - (H - 8) * (Math.log(Math.max(s, 1e-4)) - lo) / (hi - lo);
    const ns = 'http://www.w3.org/2000/svg';
    const el = (tag, attrs) => { const e = document.createElementNS(ns, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); return e; };
    const line = el('polyline', { points: h.map((p) => `${x(p.c).toFixed(1)},${y(p.s).toFixed(1)}`).join(' '), fill: 'none', stroke: '#55a6ff', 'stroke-width': 1.5 });
    const thr = el('line', { x1: 4, x2: W - 4, y1: y(th), y2: y(th), stroke: '#ff8040', 'stroke-dasharray': '4 3' });
    const birth = el('circle', { cx: x(h[0].c), cy: y(h[0].s), r: 3, fill: '#ffd84a' });
    const lab = el('text', { x: W - 6, y: Math.max(10, y(th) - 3), 'text-anchor': 'end', fill: '#ff8040', 'font-size': 10 });
    lab.textContent = `T_D ${r.threshold}`;
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.replaceChildren(thr, line, birth, lab);
    svg.setAttribute('aria-label', `strength from cycle ${c0} (birth) to ${h[h.length - 1].c}: now ${r.strength}, threshold ${r.threshold}`);
  }

  window.diffstructPick = (runner, id) => show(runner, id);
  $('insp-close').addEventListener('click', close);
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (e.key === 'n' || e.key === 'N') show(open ? open.runner : 0, open ? open.id : -1);
    else if (open && last && (e.key === '[' || e.key === ']')) show(open.runner, e.key === '[' ? last.prev : last.next);
    else if (open && e.key === 'Escape') close();
    else return;
    e.preventDefault();
  });

  return {
    onStatus: () => refresh(false),
    open: show,
    close,
    last: () => last,
    isOpen: () => !!open,
  };
}
