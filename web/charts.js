// Line charts for the demo page: loss and neuron count over cycles, drawn on
// a 2D canvas, with labelled axes, the entropy floor, task switch marks,
// births and deaths, and the timeline's cursor. The cycle axis can be
// log-scaled, so that the early story (the first births) is not squeezed
// into a pixel once the run is long.

function niceStep(range, ticks) {
  const raw = range / Math.max(1, ticks);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

export function fmtCycles(x) {
  if (x >= 1e6) return (x / 1e6).toFixed(x % 1e6 ? 1 : 0) + 'M';
  if (x >= 1e3) return (x / 1e3).toFixed(x % 1e3 ? 1 : 0) + 'k';
  return String(x);
}

// LOG_KNEE: the log axis is log(1 + c / LOG_KNEE), nearly linear over the
// first few dozen cycles, logarithmic after.
const LOG_KNEE = 10;
// A run shorter than this keeps a linear axis even when log is asked for:
// there is no long tail to compress.
const LOG_FROM = 2000;

// REF_COLOR draws the reference lines (the floor's is green).
const REF_COLOR = '#e0a458';

// drawChart draws series (points {c, y}) with optional floor segments
// [{c, floor, name}], reference lines [{c, end, y, name}] (a text's unigram
// and bigram losses, dashed like the floor and labelled beside it) and
// marks [{c, label}]. opts: title, yLabel, xLabel,
// color, yMin, integer; log (a log-scaled cycle axis); cursor (a cycle to
// mark, the timeline's); events ([{c, n, b}]: births (b) and deaths drawn as
// dots at (c, n)); tip (p => text, the hover text of the nearest point).
// opts.series, when given, replaces points with several labelled curves
// [{points, color, label}] and a legend (race mode). The canvas's
// data-series attribute says how many curves it shows, data-axis which
// cycle axis.
export function drawChart(canvas, points, opts) {
  const series = opts.series || [{ points, color: opts.color }];
  canvas.dataset.series = String(series.filter((s) => s.points.length).length);
  const dpr = window.devicePixelRatio || 1;
  const boxW = canvas.clientWidth || 640, boxH = Math.round(boxW * 0.42);
  if (canvas.width !== Math.round(boxW * dpr) || canvas.height !== Math.round(boxH * dpr)) {
    canvas.width = Math.round(boxW * dpr);
    canvas.height = Math.round(boxH * dpr);
  }
  // Projector mode (web/a11y.js) draws the whole chart larger: its text,
  // lines and margins, on the same canvas.
  const k = document.documentElement.classList.contains('big') ? 1.4 : 1;
  // The high-contrast theme: brighter grid, axes and text on black.
  const hc = document.documentElement.classList.contains('contrast');
  const GRID = hc ? '#4a5568' : '#263043', AXIS = hc ? '#e6e9ef' : '#8d97a8', INK = hc ? '#ffffff' : '#dfe5ee';
  const cssW = boxW / k, cssH = boxH / k;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr * k, 0, 0, dpr * k, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.font = '12px system-ui, sans-serif';

  // The entropy floors are labelled in a gutter right of the plot, one
  // label per distinct floor, pushed apart: they never cover each other or
  // the curve.
  const floors = opts.floors || [];
  const floorLabels = [];
  for (const f of floors) {
    if (f.floor == null) continue;
    const text = 'floor ' + f.floor.toFixed(2) + (f.name ? ' ' + f.name : '');
    if (!floorLabels.some((l) => l.text === text)) floorLabels.push({ text, y: f.floor });
  }
  const refs = opts.refs || [];
  for (const r of refs) {
    const text = r.name + ' ' + r.y.toFixed(2);
    if (!floorLabels.some((l) => l.text === text)) floorLabels.push({ text, y: r.y, ref: true });
  }
  let gutter = 0;
  for (const l of floorLabels) gutter = Math.max(gutter, ctx.measureText(l.text).width + 12);
  const L = 54, R = 14 + gutter, B = 38;
  // A legend that does not fit beside the title goes on a line of its own.
  let legendW = 0;
  const legend = series.length > 1 ? series.map((s) => ({ label: s.label, color: s.color }))
    : opts.events ? [{ label: 'birth', color: '#66d9a8', dot: true }, { label: 'death', color: '#ff6b6b', dot: true }] : [];
  for (const s of legend) legendW += ctx.measureText(s.label).width + 26;
  const legendRow = legend.length && L + ctx.measureText(opts.title).width + 16 + legendW > cssW - 14;
  const T = legendRow ? 40 : 26;
  const w = cssW - L - R, h = cssH - T - B;
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.fillText(opts.title, L, 15);

  let xMax = 100;
  for (const s of series) if (s.points.length) xMax = Math.max(xMax, s.points[s.points.length - 1].c);
  let yMax = opts.yMinMax || 1, yMin = opts.yMin || 0;
  for (const s of series) for (const p of s.points) yMax = Math.max(yMax, p.y);
  for (const f of floors) if (f.floor != null) yMax = Math.max(yMax, f.floor * 1.1);
  for (const r of refs) yMax = Math.max(yMax, r.y * 1.1);
  yMax *= 1.05;
  const log = !!opts.log && xMax >= LOG_FROM;
  canvas.dataset.axis = log ? 'log' : 'linear';
  const fx = log ? (c) => Math.log10(1 + Math.max(0, c) / LOG_KNEE) : (c) => c;
  const X = (c) => L + (fx(c) / fx(xMax)) * w;
  const Y = (y) => T + h - ((y - yMin) / (yMax - yMin)) * h;

  // Grid and axes.
  ctx.strokeStyle = GRID;
  ctx.fillStyle = AXIS;
  ctx.lineWidth = 1;
  let ys = niceStep(yMax - yMin, 5);
  if (opts.integer) ys = ys <= 1 ? 1 : ys === 2.5 ? 2 : Math.round(ys); // whole neurons: labels on their grid lines
  ctx.textAlign = 'right';
  for (let y = Math.ceil(yMin / ys) * ys; y <= yMax; y += ys) {
    ctx.beginPath(); ctx.moveTo(L, Y(y)); ctx.lineTo(L + w, Y(y)); ctx.stroke();
    ctx.fillText(opts.integer ? String(Math.round(y)) : String(+y.toFixed(3)), L - 6, Y(y) + 4);
  }
  ctx.textAlign = 'center';
  const xTicks = [];
  if (log) {
    xTicks.push(0);
    for (let c = 10; c <= xMax; c *= 10) xTicks.push(c);
  } else {
    const xs = niceStep(xMax, 6);
    for (let c = 0; c <= xMax; c += xs) xTicks.push(c);
  }
  let lastRight = -Infinity;
  for (const c of xTicks) {
    ctx.beginPath(); ctx.moveTo(X(c), T); ctx.lineTo(X(c), T + h); ctx.stroke();
    const label = fmtCycles(c), half = ctx.measureText(label).width / 2;
    if (X(c) - half > lastRight + 6) { ctx.fillText(label, X(c), T + h + 15); lastRight = X(c) + half; }
  }
  if (log) { // unlabelled 2x and 5x ticks, so the scale reads as logarithmic
    ctx.strokeStyle = '#3a465c';
    for (let d = 10; d <= xMax; d *= 10) {
      for (const m of [2, 5]) {
        if (d * m > xMax) continue;
        ctx.beginPath(); ctx.moveTo(X(d * m), T + h); ctx.lineTo(X(d * m), T + h + 4); ctx.stroke();
      }
    }
  }
  ctx.strokeStyle = AXIS;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, T + h); ctx.lineTo(L + w, T + h); ctx.stroke();
  ctx.fillText((opts.xLabel || 'training cycles') + (log ? ' (log scale)' : ''), L + w / 2, T + h + 32);
  ctx.save();
  ctx.translate(14, T + h / 2); ctx.rotate(-Math.PI / 2);
  ctx.fillText(opts.yLabel, 0, 0);
  ctx.restore();

  // Task switch marks, their labels kept apart.
  ctx.setLineDash([4, 4]);
  ctx.textAlign = 'left';
  let markRight = -Infinity, markRow = 0;
  for (const m of opts.marks || []) {
    if (m.c <= 0 || m.c > xMax) continue;
    ctx.strokeStyle = '#b08bff';
    ctx.beginPath(); ctx.moveTo(X(m.c), T); ctx.lineTo(X(m.c), T + h); ctx.stroke();
    ctx.fillStyle = '#c7b1ff';
    const tw = ctx.measureText(m.label).width;
    const x = Math.min(X(m.c) + 4, L + w - tw - 2);
    markRow = x > markRight + 6 ? 0 : markRow + 1;
    ctx.fillStyle = 'rgba(20,26,38,.85)'; // over the curve, readable
    ctx.fillRect(x - 2, T + 14 * markRow, tw + 4, 15);
    ctx.fillStyle = '#c7b1ff';
    ctx.fillText(m.label, x, T + 12 + 14 * markRow);
    markRight = Math.max(markRight, x + tw);
  }
  // Entropy floor: a step line over the task's phases, labelled in the gutter.
  for (let i = 0; i < floors.length; i++) {
    const f = floors[i];
    if (f.floor == null || f.c > xMax) continue;
    const end = i + 1 < floors.length ? Math.min(floors[i + 1].c, xMax) : xMax;
    ctx.strokeStyle = '#66d9a8';
    ctx.beginPath(); ctx.moveTo(X(f.c), Y(f.floor)); ctx.lineTo(X(end), Y(f.floor)); ctx.stroke();
  }
  ctx.strokeStyle = REF_COLOR;
  for (const r of refs) {
    if (r.c > xMax) continue;
    ctx.beginPath(); ctx.moveTo(X(r.c), Y(r.y)); ctx.lineTo(X(r.end == null ? xMax : Math.min(r.end, xMax)), Y(r.y)); ctx.stroke();
  }
  ctx.setLineDash([]);
  if (floorLabels.length) {
    floorLabels.sort((a, b) => b.y - a.y); // top first
    let prev = -Infinity;
    for (const l of floorLabels) {
      l.py = Math.max(Y(l.y) + 4, prev + 14);
      prev = l.py;
    }
    const over = prev - (T + h + 4); // pushed below the plot: shift all up
    if (over > 0) for (const l of floorLabels) l.py -= over;
    for (const l of floorLabels) {
      ctx.fillStyle = ctx.strokeStyle = l.ref ? REF_COLOR : '#66d9a8';
      ctx.beginPath(); ctx.moveTo(L + w, Y(l.y)); ctx.lineTo(L + w + 5, l.py - 4); ctx.stroke();
      ctx.fillText(l.text, L + w + 7, l.py);
      l.box = [L + w + 7, l.py - 11, ctx.measureText(l.text).width, 13];
    }
  }

  // Where the floor labels went (x, y, width, height) and the plot's box, for tests.
  canvas.dataset.floorLabels = JSON.stringify(floorLabels.map((l) => l.box));
  canvas.dataset.plot = JSON.stringify([L, T, w, h]);

  // The series.
  for (const s of series) {
    const pts = s.points;
    if (!pts.length) continue;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    pts.forEach((p, i) => (i ? ctx.lineTo(X(p.c), Y(p.y)) : ctx.moveTo(X(p.c), Y(p.y))));
    ctx.stroke();
    const last = pts[pts.length - 1];
    ctx.fillStyle = s.color;
    ctx.beginPath(); ctx.arc(X(last.c), Y(last.y), 3, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.lineWidth = 1;
  // Births and deaths: dots where the count steps up (green) or down (red),
  // smaller where they crowd (more than one per 4 px), so the curve shows.
  const evs = opts.events || [];
  evs.forEach((e, i) => {
    if (e.c > xMax) return;
    const near = (j) => j >= 0 && j < evs.length && Math.abs(X(evs[j].c) - X(e.c)) < 4;
    ctx.fillStyle = e.b ? '#66d9a8' : '#ff6b6b';
    ctx.beginPath(); ctx.arc(X(e.c), Y(e.n), near(i - 1) || near(i + 1) ? 1.5 : 2.5, 0, 2 * Math.PI); ctx.fill();
  });
  // The timeline's cursor: the cycle the page shows.
  if (opts.cursor != null) {
    const x = X(Math.min(opts.cursor, xMax));
    ctx.strokeStyle = '#ffdb59';
    ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(x, T); ctx.lineTo(x, T + h); ctx.stroke();
    const label = 'cycle ' + opts.cursor.toLocaleString('en');
    const tw = ctx.measureText(label).width;
    const lx = Math.min(Math.max(x - tw / 2, L), L + w - tw);
    ctx.fillStyle = 'rgba(20,26,38,.85)';
    ctx.fillRect(lx - 3, T + h - 18, tw + 6, 16);
    ctx.fillStyle = '#ffdb59';
    ctx.fillText(label, lx, T + h - 6);
    ctx.lineWidth = 1;
  }
  // The legend: named curves (race), or what the dots mean.
  ctx.textAlign = 'left';
  let x = L + w + gutter;
  for (let i = legend.length - 1; i >= 0; i--) {
    const s = legend[i];
    x -= ctx.measureText(s.label).width + 26;
    ctx.fillStyle = s.color;
    const ly = legendRow ? 30 : 15;
    if (s.dot) { ctx.beginPath(); ctx.arc(x + 7, ly - 4, 3.5, 0, 2 * Math.PI); ctx.fill(); }
    else ctx.fillRect(x, ly - 7, 14, 4);
    ctx.fillStyle = INK;
    ctx.fillText(s.label, x + 18, ly);
  }

  // Hover: the nearest point of the first curve, in the words opts.tip gives.
  const first = series[0].points;
  canvas._hover = { L, w, xMax, log, first, tip: opts.tip, k };
  if (!canvas.dataset.hover) {
    canvas.dataset.hover = '1';
    canvas.addEventListener('mousemove', (ev) => {
      const hv = canvas._hover;
      if (!hv || !hv.first.length) return;
      const r = canvas.getBoundingClientRect();
      const u = Math.min(1, Math.max(0, ((ev.clientX - r.left) / hv.k - hv.L) / hv.w));
      const c = hv.log ? LOG_KNEE * (Math.pow(10, u * Math.log10(1 + hv.xMax / LOG_KNEE)) - 1) : u * hv.xMax;
      let best = hv.first[0];
      for (const p of hv.first) if (Math.abs(p.c - c) < Math.abs(best.c - c)) best = p;
      canvas.title = hv.tip ? hv.tip(best) : 'cycle ' + best.c.toLocaleString('en') + ': ' + best.y;
    });
  }
}
