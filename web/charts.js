// Line charts for the demo page: loss and neuron count over cycles, drawn on
// a 2D canvas, with labelled axes, the entropy floor and task switch marks.

function niceStep(range, ticks) {
  const raw = range / Math.max(1, ticks);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

function fmtCycles(x) {
  if (x >= 1e6) return (x / 1e6).toFixed(x % 1e6 ? 1 : 0) + 'M';
  if (x >= 1e3) return (x / 1e3).toFixed(x % 1e3 ? 1 : 0) + 'k';
  return String(x);
}

// drawChart draws series (points {c, y}) with optional floor segments
// [{c, floor}] and marks [{c, label}]. opts: title, yLabel, color, yMin;
// opts.series, when given, replaces points with several labelled curves
// [{points, color, label}] and a legend (race mode). The canvas's
// data-series attribute says how many curves it shows.
export function drawChart(canvas, points, opts) {
  const series = opts.series || [{ points, color: opts.color }];
  canvas.dataset.series = String(series.filter((s) => s.points.length).length);
  const dpr = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth || 640, cssH = Math.round(cssW * 0.42);
  if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const L = 54, R = 14, B = 38;
  ctx.font = '12px system-ui, sans-serif';
  // A legend that does not fit beside the title goes on a line of its own.
  let legendW = 0;
  if (series.length > 1) for (const s of series) legendW += ctx.measureText(s.label).width + 26;
  const legendRow = series.length > 1 && L + ctx.measureText(opts.title).width + 16 + legendW > cssW - R;
  const T = legendRow ? 40 : 26;
  const w = cssW - L - R, h = cssH - T - B;
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#dfe5ee';
  ctx.textAlign = 'left';
  ctx.fillText(opts.title, L, 15);

  let xMax = 100;
  for (const s of series) if (s.points.length) xMax = Math.max(xMax, s.points[s.points.length - 1].c);
  let yMax = opts.yMinMax || 1, yMin = opts.yMin || 0;
  for (const s of series) for (const p of s.points) yMax = Math.max(yMax, p.y);
  for (const f of opts.floors || []) if (f.floor != null) yMax = Math.max(yMax, f.floor * 1.1);
  yMax *= 1.05;
  const X = (c) => L + (c / xMax) * w;
  const Y = (y) => T + h - ((y - yMin) / (yMax - yMin)) * h;

  // Grid and axes.
  ctx.strokeStyle = '#263043';
  ctx.fillStyle = '#8d97a8';
  ctx.lineWidth = 1;
  const ys = niceStep(yMax - yMin, 5);
  ctx.textAlign = 'right';
  for (let y = Math.ceil(yMin / ys) * ys; y <= yMax; y += ys) {
    ctx.beginPath(); ctx.moveTo(L, Y(y)); ctx.lineTo(L + w, Y(y)); ctx.stroke();
    ctx.fillText(opts.integer ? String(Math.round(y)) : String(+y.toFixed(2)), L - 6, Y(y) + 4);
  }
  const xs = niceStep(xMax, 6);
  ctx.textAlign = 'center';
  for (let c = 0; c <= xMax; c += xs) {
    ctx.beginPath(); ctx.moveTo(X(c), T); ctx.lineTo(X(c), T + h); ctx.stroke();
    ctx.fillText(fmtCycles(c), X(c), T + h + 15);
  }
  ctx.strokeStyle = '#8d97a8';
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, T + h); ctx.lineTo(L + w, T + h); ctx.stroke();
  ctx.fillText('training cycles (40 symbols each)', L + w / 2, T + h + 32);
  ctx.save();
  ctx.translate(14, T + h / 2); ctx.rotate(-Math.PI / 2);
  ctx.fillText(opts.yLabel, 0, 0);
  ctx.restore();

  // Task switch marks.
  ctx.setLineDash([4, 4]);
  ctx.textAlign = 'left';
  for (const m of opts.marks || []) {
    if (m.c <= 0 || m.c > xMax) continue;
    ctx.strokeStyle = '#b08bff';
    ctx.beginPath(); ctx.moveTo(X(m.c), T); ctx.lineTo(X(m.c), T + h); ctx.stroke();
    ctx.fillStyle = '#c7b1ff';
    ctx.fillText(m.label, Math.min(X(m.c) + 4, L + w - 60), T + 12);
  }
  // Entropy floor: a step line over the task's phases.
  const floors = opts.floors || [];
  for (let i = 0; i < floors.length; i++) {
    const f = floors[i];
    if (f.floor == null || f.c > xMax) continue;
    const end = i + 1 < floors.length ? Math.min(floors[i + 1].c, xMax) : xMax;
    ctx.strokeStyle = '#7fd38a';
    ctx.beginPath(); ctx.moveTo(X(f.c), Y(f.floor)); ctx.lineTo(X(end), Y(f.floor)); ctx.stroke();
    ctx.fillStyle = '#7fd38a';
    ctx.fillText('entropy floor ' + f.floor.toFixed(2) + (f.name ? ' (' + f.name + ')' : ''),
      Math.min(X(f.c) + 6, L + w - 170), Y(f.floor) - 5);
  }
  ctx.setLineDash([]);

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
  // The legend, when there are named curves.
  if (series.length > 1) {
    ctx.textAlign = 'left';
    let x = L + w;
    for (let i = series.length - 1; i >= 0; i--) {
      const s = series[i];
      x -= ctx.measureText(s.label).width + 26;
      ctx.fillStyle = s.color;
      const ly = legendRow ? 30 : 15;
      ctx.fillRect(x, ly - 7, 14, 4);
      ctx.fillStyle = '#dfe5ee';
      ctx.fillText(s.label, x + 18, ly);
    }
  }
}
