// The demo page: controls, counters, charts and text, talking to the
// training worker (worker.js + engine.wasm) and handing its snapshots to the
// network view (graph.html + diffstruct.wasm, an iframe). Go decides (the
// link state, the status, the pacing of the view); this module presents.
import { setupAccess } from './a11y.js';
import { drawChart } from './charts.js';
import { setupFF } from './ff.js';
import { setupInspector } from './inspect.js';
import { setupNarration } from './narrate.js';
import { setupTeaching } from './teach.js';
import { setupThesis } from './thesis.js';
import { setupTimeline } from './timeline.js';
import { readWindow } from './wire.js';

main();

function main() {
  const $ = (id) => document.getElementById(id);
  const messages = $('messages');

  function message(text, kind, key) {
    if (key) for (const el of messages.querySelectorAll('[data-key]')) if (el.dataset.key === key) el.remove();
    const div = document.createElement('div');
    div.className = 'msg ' + (kind || '');
    if (key) div.dataset.key = key;
    const span = document.createElement('span');
    span.textContent = text;
    const close = document.createElement('button');
    close.textContent = '\u00d7';
    close.title = 'Dismiss';
    close.onclick = () => div.remove();
    div.append(span, close);
    messages.append(div);
    if (kind === 'info') setTimeout(() => div.remove(), 4000);
  }

  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') {
    message('This browser cannot run WebAssembly in a worker, so the network cannot train here. Try a recent Firefox, Chrome or Safari.', 'error');
    $('status').textContent = 'Not supported in this browser.';
    return;
  }

  // ---- the worker ----------------------------------------------------
  const early = window.diffstructEarlyWorker; // started in index.html's <head>
  const forced = new URLSearchParams(location.search).get('workers'); // ?workers=N: a race's workers (tests)
  const worker = early ? early.worker : new Worker('web/worker.js' + (forced ? '?workers=' + encodeURIComponent(forced) : ''));
  const times = { worker_created: early ? early.created : Math.round(performance.now()) }; // load milestones, ms since navigation
  let ready = false, nextId = 1, inflight = false, lastSnap = 0;
  const pending = new Map();
  // Every call says which chart points the page holds, so the worker sends
  // only the new ones (its status has no memory of what it sent).
  let history_ = [], epoch = 0;
  const since = () => ({ epoch, have: history_.length });
  const clearHistory = () => { history_ = []; epoch = 0; };
  function call(msg) {
    msg.id = nextId++;
    Object.assign(msg, since());
    return new Promise((resolve) => { pending.set(msg.id, resolve); worker.postMessage(msg); });
  }
  function snap(wantStatus) {
    inflight = true;
    worker.postMessage(Object.assign({ op: 'snap', id: nextId++, wantStatus }, since()));
  }
  worker.onerror = (e) => message('The training worker failed to start: ' + (e.message || 'unknown error') + '.', 'error', 'worker');
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'ready') {
      ready = true;
      times.engine_ready = Math.round(performance.now());
      for (const k in m.times || {}) times[k] = Math.round(m.times[k] - performance.timeOrigin);
      return;
    }
    if (m.type === 'error') { message(m.message, 'error', 'worker'); $('status').textContent = m.message; return; }
    if (m.type === 'timeline') { timeline.onReply(m); return; }
    if (m.type === 'snap') {
      inflight = false;
      if (!times.first_snapshot) times.first_snapshot = Math.round(performance.now());
      const st = m.status ? JSON.parse(m.status).status : null;
      const read = timeline.active() ? null : readWindow(m.graph); // rewound: the view shows the past, not this
      // While a warm-start link trains up to its cycle the view is covered
      // by the progress bar: it need not draw the intermediate networks.
      if (!(st && st.warm_to) && !timeline.active()) pushGraph(m.graph);
      if (st) receive(st, read);
      return;
    }
    if (m.type === 'reply') {
      const r = JSON.parse(m.json);
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      applyReply(r);
      if (resolve) resolve(r);
    }
  };
  if (early) for (const e of early.events.splice(0)) (e.type === 'error' ? worker.onerror : worker.onmessage)(e);

  let meta = null, status = null, reading = null;
  function applyReply(r) {
    for (const p of r.problems || []) message(p.message, '', p.key);
    if (r.meta) { meta = { ...r.meta, page: r.meta.page || (meta && meta.page) }; syncControls(); teach.onMeta(meta); access.onMeta(meta); }
    if (r.status) receive(r.status, null);
  }

  // The worker queues what it is sent before its engine is ready, so the run
  // and the first snapshot are asked for at once: they are waiting for the
  // page as soon as its thread is free (the view's start-up holds it).
  call({ op: 'load', fragment: location.hash.slice(1) });
  snap(true);
  window.addEventListener('hashchange', () => {
    if (ready && status && location.hash.slice(1) !== status.fragment) {
      messages.replaceChildren();
      clearHistory(); call({ op: 'load', fragment: location.hash.slice(1) });
    }
  });

  function command(cmd, key, value) {
    if (!ready) return Promise.resolve();
    return call({ op: 'command', cmd, key: key || '', value: value == null ? '' : String(value) });
  }

  // ---- the network view ------------------------------------------------
  const frame = $('graph');
  let graphApi = null, graphFailed = false;
  function graphWindow() {
    try { return frame.contentWindow; } catch (e) { return null; }
  }
  function pushGraph(bytes) {
    const w = graphWindow();
    if (!graphApi && !graphFailed && w && w.diffstructGraph) graphApi = w.diffstructGraph;
    if (graphApi) guard(() => graphApi.push(bytes));
    if (!graphFailed && w && w.diffstructGraphError) graphFail(w.diffstructGraphError);
  }
  function graphFail(msg) {
    graphFailed = true;
    graphApi = null;
    message(msg, 'error', 'graph');
  }
  // guard calls into the view, which may have stopped.
  function guard(f, fallback) {
    try { return f(); } catch (e) { graphFail('The network view stopped: ' + e.message); return fallback; }
  }

  // ---- teaching: race, lesson links, tour, export/import (teach.js) ------
  const teach = setupTeaching({
    command, call, message, graphWindow, clearHistory,
    status: () => status, meta: () => meta,
    inspect: (runner, id) => inspector.open(runner, id),
  });

  // ---- projector mode, high contrast, reduced motion (a11y.js) -----------
  const access = setupAccess({ $, command, graph: () => (graphWindow() || {}).diffstructGraph });

  // ---- the thesis chart beside the task picker (thesis.js) ---------------
  const thesis = setupThesis();

  // ---- the neuron inspector (inspect.js) ---------------------------------
  const inspector = setupInspector({
    call, graph: () => (graphWindow() || {}).diffstructGraph,
    at: () => (timeline.active() && timeline.cursor() != null ? timeline.cursor() : -1),
  });

  // ---- the drawing for a screen reader and the keyboard (narrate.js) -----
  const narration = setupNarration({ graph: () => (graphWindow() || {}).diffstructGraph, inspector });

  // ---- the timeline: rewind the run (timeline.js) -------------------------
  const timeline = setupTimeline({
    post: (msg) => worker.postMessage(msg), command, status: () => status,
    show: (bytes, win) => { reading = win || reading; pushGraph(bytes); drawText(); },
    redraw: () => drawCharts(),
  });

  // ---- the feed-forward family's controls, counters and charts (ff.js) ----
  const ffUI = setupFF({ $, command, message, call, clearHistory });

  // ---- controls --------------------------------------------------------
  const taskSel = $('task'), presetSel = $('preset'), speed = $('speed'), modelSel = $('model');
  modelSel.addEventListener('change', () => { clearHistory(); command('set', 'model', modelSel.value); });
  // speedAt returns the speed control's step named name.
  const speedAt = (name) => meta.speeds.findIndex((s) => s.name === name);
  function showSpeed(name) {
    const i = speedAt(name);
    $('speed-label').textContent = i >= 0 ? meta.speeds[i].label : name;
    $('speed-help').textContent = i >= 0 && meta.speeds[i].help ? meta.speeds[i].help : '';
    if (i >= 0 && document.activeElement !== speed) speed.value = i;
  }
  function syncControls() {
    const st = meta.state;
    // The model family decides which controls and panels the page shows (style.css).
    document.body.dataset.model = meta.model || 'sequence';
    if (!modelSel.options.length && meta.page && meta.page.models) {
      for (const m of meta.page.models) modelSel.add(new Option(m.label, m.name));
    }
    if (document.activeElement !== modelSel) modelSel.value = meta.model || 'sequence';
    ffUI.sync(meta);
    if (!taskSel.options.length) {
      for (const t of meta.tasks) taskSel.add(new Option(t.kind, t.kind));
      for (const p of meta.page.presets) {
        const o = new Option(p.label || p.name, p.name);
        o.title = p.description || '';
        presetSel.add(o);
      }
      const box = $('hypers');
      for (const h of meta.hypers) {
        const lab = document.createElement('label');
        lab.htmlFor = 'hp-' + h.key;
        lab.textContent = h.label;
        const inp = document.createElement('input');
        inp.id = 'hp-' + h.key; inp.type = 'number'; inp.step = h.int ? '1' : 'any'; inp.dataset.key = h.key;
        // The settings table's row: its range and help, as the link reader and -set use them.
        const row = meta.page.settings.find((r) => r.key === h.key);
        if (row) {
          lab.title = inp.title = row.help + ' (' + row.range + ')';
          if (row.min && !row.min.key && !row.min.open) inp.min = row.min.value;
          if (row.max && !row.max.key && !row.max.open) inp.max = row.max.value;
        }
        inp.addEventListener('change', () => command('set', h.key, inp.value));
        box.append(lab, inp);
      }
      speed.max = meta.speeds.length - 1;
    }
    const set = (el, v) => { if (document.activeElement !== el) el.value = v; };
    set(taskSel, status ? status.task : st.task);
    set(presetSel, st.preset);
    set($('n'), st.n);
    set($('seed'), st.seed);
    set($('stop'), st.stop);
    set($('p'), st.p);
    set($('l'), st.l);
    set($('span'), st.span);
    if (st.text && document.activeElement !== $('text')) $('text').value = st.text;
    for (const h of meta.hypers) set($('hp-' + h.key), h.value);
    showSpeed(st.speed);
    $('fixed-box').hidden = st.preset !== 'fixed';
    showTaskInfo();
  }
  function showTaskInfo() {
    const kind = taskSel.value;
    const t = meta && meta.tasks.find((x) => x.kind === kind);
    $('task-desc').textContent = t ? t.description : '';
    $('custom-box').hidden = kind !== 'custom';
  }

  let writingText = false; // custom chosen, its text not yet used
  taskSel.addEventListener('change', () => {
    showTaskInfo();
    writingText = taskSel.value === 'custom' && !meta.state.text;
    if (writingText) { $('text').focus(); return; }
    command('set', 'task', taskSel.value);
  });
  $('use-text').addEventListener('click', async () => {
    const r = await command('set', 'text', $('text').value);
    if (r && !(r.problems || []).length) {
      writingText = false;
      command('set', 'task', 'custom');
    }
  });
  presetSel.addEventListener('change', () => command('set', 'preset', presetSel.value));
  for (const id of ['n', 'seed', 'stop', 'p', 'l', 'span']) {
    $(id).addEventListener('change', () => command('set', id, $(id).value));
  }
  speed.addEventListener('input', () => {
    const s = meta.speeds[speed.value];
    if (s) command('set', 'speed', s.name);
  });
  const togglePlay = () => (timeline.active() ? timeline.live(true) : command(status && status.playing ? 'pause' : 'play'));
  $('play').addEventListener('click', togglePlay);
  $('step').addEventListener('click', () => command('step'));
  $('reset').addEventListener('click', () => command('reset'));
  // The link box always holds the current link.
  const linkFor = (st) => location.href.split('#')[0] + '#' + (st ? st.fragment : '');
  function showLink(st) {
    const box = $('link');
    const url = linkFor(st);
    if (box.value !== url && document.activeElement !== box) {
      box.value = url;
      box.scrollLeft = box.scrollWidth; // the fragment, the part that changes, in sight
    }
  }
  // The warm-up of a warm-start link (at=N): a progress bar over the view.
  function showWarmup(st) {
    const box = $('warmup');
    box.hidden = !st.warm_to;
    if (!st.warm_to) return;
    const f = Math.min(1, st.cycle / st.warm_to);
    $('warm-bar').value = f;
    $('warm-text').textContent = 'Training to cycle ' + st.warm_to.toLocaleString('en') + ' at full speed: ' +
      st.cycle.toLocaleString('en') + ' (' + Math.floor(100 * f) + '%)';
  }
  async function copyLink() {
    const url = linkFor(status);
    $('link').value = url;
    $('link').select();
    try {
      await navigator.clipboard.writeText(url);
      message('Link copied: it reproduces this run exactly.', 'info', 'copy');
    } catch (e) {
      message('Copy the link from the box next to the button (the clipboard is not available here).', 'info', 'copy');
    }
  }
  $('copy').addEventListener('click', copyLink);

  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    const k = e.key;
    if (k === ' ') { e.preventDefault(); togglePlay(); }
    else if (k === 's' || k === 'S' || k === 'ArrowRight') command('step');
    else if (k === 'r' || k === 'R') command('reset');
    else if (k === 'l' || k === 'L') copyLink();
    else if (k === '+' || k === '=' || k === '-') {
      const v = Math.max(0, Math.min(meta.speeds.length - 1, +speed.value + (k === '-' ? -1 : 1)));
      command('set', 'speed', meta.speeds[v].name);
    } else if (k >= '1' && k <= '5' && meta && meta.model === 'ff') {
      const d = ffUI.dataAt(+k);
      if (d) command('set', 'data', d.kind);
    } else if (k >= '1' && k <= '5' && meta) {
      const t = meta.tasks[+k - 1];
      if (t && (t.kind !== 'custom' || meta.state.text)) command('set', 'task', t.kind);
    } else return;
    e.preventDefault();
  });

  // ---- status, charts and text -------------------------------------------
  // One moment on screen: each status arrives with the snapshot of the same
  // cycle (or from a command, at the cycle the view will draw next), and is
  // shown when the view draws that cycle, so the graph's title, the
  // counters, the status line, the charts and the reading panel agree.
  const waiting = []; // {st, read}: statuses received, oldest first
  function receive(st, read) {
    // Replies may cross: keep the points before the reply's first, then its own.
    if (st.history.reset) history_ = [];
    history_.length = Math.min(history_.length, st.history.from);
    for (const p of st.history.points) history_.push(p);
    epoch = st.history.next.epoch;
    waiting.push({ st, read });
    present();
  }
  // drawnCycle is the cycle the view shows, -1 when it shows none (not
  // loaded yet, failed, hidden by a lesson link or covered by a warm-up).
  function drawnCycle() {
    if (!graphApi || graphFailed || frame.offsetParent === null) return -1;
    const c = guard(() => graphApi.cycle(), -1);
    return c != null && c >= 0 ? c : -1;
  }
  // present shows the newest status of the cycle the view draws (drawn, or
  // asked of the view), dropping older ones. The view calls it through
  // window.diffstructDrew as it draws a new cycle, in the same task.
  function present(drawnNow) {
    if (!waiting.length) return;
    const last = waiting[waiting.length - 1];
    let pick = -1;
    const drawn = last.st.warm_to ? -1 : drawnNow != null && graphApi ? drawnNow : drawnCycle();
    // Rewound (timeline.js), the view shows the past: the newest status is the live run's.
    if (drawn < 0 || waiting.length > 40 || timeline.active()) pick = waiting.length - 1; // nothing to agree with, or the view stalled
    else for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i].st.cycle === drawn) { pick = i; break; }
    if (pick < 0) return;
    const e = waiting[pick];
    waiting.splice(0, pick + 1);
    if (e.read && !timeline.active()) reading = e.read;
    showStatus(e.st);
  }

  window.diffstructDrew = (cycle) => present(cycle);

  let lastCharts = 0, noticeShown = 0;
  function showStatus(st) {
    const prev = status;
    status = st;
    if (st.kind === 'ff') {
      ffUI.showStatus(st);
      if (!prev || prev.kind !== 'ff') $('step').title = 'Run one training cycle: one mini-batch of points (S)';
    } else if (st.window && (!prev || prev.window !== st.window || prev.kind === 'ff')) {
      // The window's length is a setting (the reliable preset reads 80
      // symbols a cycle): the texts that name it follow the run.
      for (const el of document.querySelectorAll('.win-len')) el.textContent = st.window;
      $('step').title = 'Run one training cycle of ' + st.window + ' symbols (S)';
    }
    $('cycles').textContent = st.cycle;
    $('neurons').textContent = st.neurons;
    $('loss').textContent = st.cycle ? st.loss.toFixed(4) : '-';
    if (st.floor != null && st.cycle) {
      const gap = st.loss - st.floor;
      $('gap').textContent = (gap >= 0 ? '+' : '') + gap.toFixed(4);
      $('gap').title = 'floor ' + st.floor.toFixed(4) + ' nats/symbol (' + (st.floor * st.window).toFixed(2) + ' per window)';
    } else {
      $('gap').textContent = st.floor == null ? 'no floor' : '-';
    }
    $('phase').textContent = st.phase;
    const play = $('play');
    play.textContent = st.playing ? '\u275a\u275a Pause' : '\u25b6 Play';
    play.classList.toggle('playing', st.playing);
    // While a learner is writing a text for the custom task, the menu
    // keeps saying custom (the run is still on its task until Use text).
    if (document.activeElement !== taskSel && !writingText) taskSel.value = st.task;
    if (meta && meta.state && taskSel.value !== 'custom') $('custom-box').hidden = true;
    if (st.fragment && location.hash.slice(1) !== st.fragment) history.replaceState(null, '', '#' + st.fragment);
    if (st.notice && st.notice_id !== noticeShown) message(st.notice, '', 'notice');
    noticeShown = st.notice_id;
    if (st.error) message(st.error, 'error', 'engine');
    if (st.stopped && !(prev && prev.stopped)) message('Paused at cycle ' + st.cycle + ', as the link asks (stop=' + st.cycle + ').', 'info', 'stop');
    showLink(st);
    showWarmup(st);
    showStatusLine();
    $('fingerprint').textContent = 'run fingerprint ' + st.digest + ' at cycle ' + st.cycle +
      (st.loaded ? ' (continued from ' + st.loaded + ')' : '');
    teach.onStatus(st);
    inspector.onStatus(st);
    narration.onStatus(st);
    thesis.onStatus(st);
    $('sample').textContent = st.sample ? visible(st.sample) : '-';
    if (meta) showSpeed(st.speed); // in step with keyboard changes
    timeline.onStatus(st);
    drawText();
  }

  // The status line under the counters: the speeds, then the size and the
  // reserve of the status shown (the counters' own numbers).
  function showStatusLine() {
    if (!status) return;
    if (timeline.active()) { $('status').textContent = timeline.statusText(); return; }
    const st = status;
    if (st.warm_to) {
      $('status').textContent = 'training to cycle ' + st.warm_to.toLocaleString('en') + ' at full speed: ' +
        st.cps.toLocaleString('en') + ' cycles/s';
      return;
    }
    // In slow motion a cycle takes seconds: say the speed chosen, not "0 cycles/s".
    const slow = st.slow_motion && meta && meta.speeds.find((s) => s.name === st.speed);
    const speedText = !st.playing ? 'paused' : st.holding ? 'holding still a second for the ' + (st.born ? 'birth' : 'death') :
      slow ? slow.label : st.cps.toLocaleString('en') + ' cycles/s';
    const race = st.runners.length > 1 && st.playing && st.kind !== 'ff'; // a feed-forward race is timed as a whole
    $('status').textContent = 'training: ' + speedText + (race ? ' (every network; each alone: ' +
      st.runners.map((r) => r.name + ' ' + r.cps.toLocaleString('en')).join(', ') + ')' : '') +
      ' \u00b7 drawing: ' + (graphApi ? fps + ' fps' : 'off') +
      ' \u00b7 ' + neurons(st.neurons) + ', ' + st.reserve + ' in reserve';
  }

  function neurons(n) { return n + (n === 1 ? ' neuron' : ' neurons'); }

  function visible(s) { return s.replace(/ /g, '\u2423').replace(/\n/g, '\u21b5'); }

  // The window position shown: the view's, as it draws it, else the one Go
  // computed for the status.
  let shownCursor = -2, shownWindow = null, shownCur = null;
  function drawText() {
    const st = reading;
    if (!st || !st.inputs.length) {
      $('window').textContent = timeline.active() ? 'Nothing read yet at this cycle.' : 'Press Play (or Step) to start reading.';
      if (shownWindow) $('predict').replaceChildren();
      shownWindow = null;
      shownCur = null;
      return;
    }
    const v = st.alphabet.length;
    const box = $('window');
    if (shownWindow !== st) {
      // A new window arrives up to 30 times a second at full speed: its
      // symbols reuse the spans already there, changing only what changed.
      if (!shownWindow) { box.replaceChildren(); shownCur = null; }
      shownWindow = st;
      while (box.children.length > st.targets.length) box.lastChild.remove();
      while (box.children.length < st.targets.length) box.append(document.createElement('span'));
      st.targets.forEach((y, t) => {
        const p = st.probs[t * v + y];
        const span = box.children[t];
        const text = visible(st.alphabet[y]), pc = (100 * p).toFixed(1);
        if (span.textContent !== text) span.textContent = text;
        if (span.diffstructP === pc) return; // the same shade as before: no style work
        span.diffstructP = pc;
        const red = Math.round(255 * (1 - p)), g = Math.round(120 + 135 * p);
        span.style.color = 'rgb(' + Math.max(red, 140) + ',' + g + ',' + Math.round(110 + 120 * p) + ')';
        span.style.background = 'rgba(255,219,89,' + (0.05 + 0.3 * p).toFixed(2) + ')';
        span.title = 'p = ' + pc + '%';
      });
      shownCursor = -2;
    }
    let c = graphApi ? guard(() => graphApi.cursor(), -1) : -1;
    if (c < 0 && status) c = Math.min(status.cursor, st.inputs.length - 1);
    if (c === shownCursor) return;
    shownCursor = c;
    // The cursor moves every frame at full speed: the highlight and the bars
    // are changed in place, not rebuilt.
    if (shownCur) shownCur.classList.remove('cur');
    shownCur = null;
    if (c < 0 || c >= st.targets.length) return;
    shownCur = box.children[c] || null;
    if (shownCur) shownCur.classList.add('cur');
    const pred = $('predict');
    if (!pred.firstChild) {
      const head = document.createElement('span');
      head.className = 'hint';
      pred.append(head);
    }
    pred.firstChild.textContent = 'after reading \u201c' + visible(st.alphabet[st.inputs[c]]) + '\u201d it expects:';
    while (pred.children.length > v + 1) pred.lastChild.remove();
    while (pred.children.length < v + 1) {
      const bar = document.createElement('span');
      bar.append(document.createElement('i'), document.createElement('b'), document.createTextNode(''));
      pred.append(bar);
    }
    for (let k = 0; k < v; k++) {
      const p = st.probs[c * v + k];
      const bar = pred.children[k + 1];
      const cls = 'bar' + (k === st.targets[c] ? ' target' : '');
      if (bar.className !== cls) bar.className = cls;
      const h = Math.max(1, Math.round(36 * p)) + 'px';
      if (bar.firstChild.style.height !== h) bar.firstChild.style.height = h;
      const sym = visible(st.alphabet[k]), pc = Math.round(100 * p) + '%';
      if (bar.children[1].textContent !== sym) bar.children[1].textContent = sym;
      if (bar.lastChild.data !== pc) bar.lastChild.data = pc;
    }
  }

  function drawCharts() {
    if (!status) return;
    const now = status.history.now;
    const pts = history_.filter((p) => p.c <= now.c); // the moment shown, not newer points
    if (!pts.length || pts[pts.length - 1].c < now.c) pts.push(now);
    if (status.kind === 'ff') { ffUI.drawCharts(status, pts, $('chart-log').checked, timeline.active() ? timeline.cursor() : null); return; }
    const segs = status.segments || [];
    const marks = segs.filter((s) => s.c > 0).map((s) => ({ c: s.c, label: (s.kind === 'switch' ? 'switch \u2192 ' : '') + s.name }));
    // One unit on screen, the counters': nats per symbol (per window on hover).
    const W = status.window || 40;
    const floors = segs.map((s) => ({ c: s.c, floor: s.floor == null ? null : s.floor / W, name: segs.length > 1 ? s.name : '' }));
    const refs = segs.flatMap((s, i) => (s.lines || []).map((l) => ({ c: s.c, end: i + 1 < segs.length ? segs[i + 1].c : null, y: l.value / W, name: l.name })));
    const race = teach.raceSeries(pts, status);
    if (race) for (const s of race.loss) s.points = s.points.map((p) => ({ c: p.c, y: p.y / W }));
    const log = $('chart-log').checked, cursor = timeline.active() ? timeline.cursor() : null;
    const tip = (p) => 'cycle ' + p.c.toLocaleString('en') + ': loss ' + p.y.toFixed(4) + ' nats per symbol = ' +
      (p.y * W).toFixed(2) + ' nats per ' + W + '-symbol window';
    drawChart($('loss-chart'), pts.map((p) => ({ c: p.c, y: p.l / W })), {
      title: 'Loss (nats per symbol, smoothed)', yLabel: 'nats per symbol', color: '#55a6ff', floors, refs, marks, yMin: 0,
      series: race && race.loss, log, cursor, tip,
    });
    const steps = race ? null : timeline.neuronSteps(status);
    drawChart($('neuron-chart'), steps || pts.map((p) => ({ c: p.c, y: p.n })), {
      title: 'Hidden neurons', yLabel: 'neurons', color: '#ffdb59', marks, yMin: 0, yMinMax: 5, integer: true,
      series: race && race.neurons, log, cursor, events: race ? null : timeline.events(),
      tip: (p) => 'cycle ' + p.c.toLocaleString('en') + ': ' + p.y + (p.y === 1 ? ' neuron' : ' neurons'),
    });
  }

  // ---- the page loop -------------------------------------------------------
  let fpsFrames = 0, fpsAt = 0, fps = 0;
  function loop(now) {
    requestAnimationFrame(loop);
    if (ready && !inflight && now - lastSnap >= 50) {
      // 20 a second on average: frames do not fall on multiples of 50 ms,
      // so the next pull is due 50 ms after this one was due (no catching
      // up on more than one missed pull).
      lastSnap = Math.max(lastSnap + 50, now - 50);
      // Every snapshot comes with its status: the page shows them together.
      snap(true);
    }
    if (now - fpsAt >= 1000) {
      const frames = graphApi ? guard(() => graphApi.stats().frames, 0) : 0;
      fps = Math.round((frames - fpsFrames) * 1000 / (now - fpsAt));
      fpsFrames = frames;
      fpsAt = now;
      showStatusLine();
    }
    present();
    if (now - lastCharts >= 250) { lastCharts = now; drawCharts(); }
    if (status) drawText();
  }
  requestAnimationFrame(loop);
  window.diffstructPage = {
    stats: () => ({ fps, status, graph: graphApi ? guard(() => graphApi.stats(), null) : null, teach: teach.stats(), access: access.stats() }),
    times: () => Object.assign({}, times, (graphWindow() || {}).diffstructTimes || {}),
    inspector: () => inspector.last(),
  };
}
