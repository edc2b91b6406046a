// The paper's thesis beside the task picker: the final size of 20 runs per
// task (median and inter-quartile range, paper and reliable presets)
// against the memory span each task needs, as tools/figures measured them
// (web/figures/thesis.json), with the visitor's run placed on it live.
// This module only draws what the JSON and the status say.

export function setupThesis() {
  const fig = document.getElementById('thesis');
  const canvas = document.getElementById('thesis-chart');
  const caption = document.getElementById('thesis-you');
  let data = null, drawn = '', last = null, width = 0, base = null, baseKey = '';
  let said = ''; // the rank correlations' sentence, set as the chart is first drawn
  fetch('web/figures/thesis.json').then((r) => (r.ok ? r.json() : null)).then((d) => {
    data = d && d.tasks && d.tasks.length ? d : null;
    fig.hidden = !data;
  }).catch(() => { fig.hidden = true; });
  // The observer reports the canvas's width as layout settles, so a status
  // (20 a second at full speed) never forces a layout by reading it; a
  // hidden chart (the 2-D page's, or no figures) has none and is not drawn.
  new ResizeObserver((es) => {
    width = Math.round(es[es.length - 1].contentRect.width);
    if (last) onStatus(last);
  }).observe(canvas);

  function onStatus(st) {
    last = st;
    if (!data || !st || !width) return;
    const key = st.task + ':' + st.neurons + ':' + width;
    if (key === drawn) return;
    drawn = key;
    draw(st.task, st.neurons);
  }

  // draw shows the chart with the run's dot and says where it is. The
  // chart without the dot depends only on the task, the width and the
  // scale, so it is drawn once into base and copied for each new count.
  function draw(task, neurons) {
    const css = width, h = 170, dpr = window.devicePixelRatio || 1;
    const pts = data.tasks;
    const mine = pts.find((p) => p.task === task);
    const maxX = Math.max(...pts.map((p) => p.span)) + 1;
    const maxY = Math.max(10, ...pts.flatMap((p) => [p.paper.q3, p.reliable.q3]), mine ? neurons : 0) * 1.35;
    const L = 30, R = 8, T = 8, B = 26;
    const x = (s) => L + (css - L - R) * s / maxX, y = (n) => h - B - (h - B - T) * n / maxY;
    const key = [task, css, maxY, dpr].join(':');
    if (key !== baseKey) {
      baseKey = key;
      base = document.createElement('canvas');
      base.width = Math.round(css * dpr);
      base.height = Math.round(h * dpr);
      drawBase(base.getContext('2d'), { css, h, dpr, pts, mine, L, R, T, B, x, y, maxY });
    }
    if (canvas.width !== base.width) canvas.width = base.width;
    if (canvas.height !== base.height) canvas.height = base.height;
    const c = canvas.getContext('2d');
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, canvas.width, canvas.height);
    c.drawImage(base, 0, 0);
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (mine) {
      c.fillStyle = '#ffd84a'; c.strokeStyle = '#0b0f17';
      c.beginPath(); c.arc(x(mine.span), y(neurons), 4.5, 0, 2 * Math.PI); c.fill(); c.stroke();
      say(`Your run (yellow): ${neurons} ${neurons === 1 ? 'neuron' : 'neurons'} so far on ${task}, whose span is ${mine.span}.`);
    } else {
      say(`Your run's task (${task}) was not measured here, so it is not on the chart.`);
    }
  }

  // say sets the caption and the chart's label, touching the page only when
  // the sentence changes.
  function say(text) {
    if (caption.textContent === text) return;
    caption.textContent = text;
    canvas.setAttribute('aria-label', `Final neurons against memory span for ${data.tasks.length} tasks. ${said} ${text}`);
  }

  // drawBase draws the axes, the tasks' bars and names, and the rank
  // correlations: everything but the run's dot.
  function drawBase(c, { css, h, dpr, pts, mine, L, R, T, B, x, y, maxY }) {
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, css, h);
    c.strokeStyle = '#263043'; c.fillStyle = '#8d97a8'; c.font = '10px sans-serif'; c.lineWidth = 1;
    c.beginPath(); c.moveTo(L, T); c.lineTo(L, h - B); c.lineTo(css - R, h - B); c.stroke();
    c.textAlign = 'right';
    for (const n of [0, Math.round(maxY / 2), Math.floor(maxY)]) c.fillText(String(n), L - 3, y(n) + 3);
    c.textAlign = 'center';
    for (const s of [...new Set(pts.map((p) => p.span))]) c.fillText(String(s), x(s), h - B + 11);
    c.fillText('memory span (symbols)', L + (css - L - R) / 2, h - 3);
    c.save(); c.translate(9, T + (h - B - T) / 2); c.rotate(-Math.PI / 2); c.fillText('neurons', 0, 0); c.restore();
    const series = [['paper', '#55a6ff', -3], ['reliable', '#ff8040', 3]];
    for (const p of pts) {
      for (const [k, col, dx] of series) {
        const v = p[k];
        c.strokeStyle = col; c.fillStyle = col;
        c.beginPath(); c.moveTo(x(p.span) + dx, y(v.q1)); c.lineTo(x(p.span) + dx, y(v.q3)); c.stroke();
        c.beginPath(); c.arc(x(p.span) + dx, y(v.median), 2.5, 0, 2 * Math.PI); c.fill();
      }
    }
    // Task names under the axis, one line per span (tasks may share one);
    // the visitor's task in yellow.
    const bySpan = {};
    for (const p of pts) (bySpan[p.span] = bySpan[p.span] || []).push(p.task);
    c.textAlign = 'left';
    const rows = []; // each row's right edge so far: a name goes in the first row it fits
    for (const sp of Object.keys(bySpan).map(Number).sort((a, b) => a - b)) {
      for (const name of bySpan[sp]) {
        const w = c.measureText(name).width, left = Math.min(Math.max(L, x(sp) - w / 2), css - R - w);
        let r = rows.findIndex((edge) => edge + 4 <= left);
        if (r < 0) { rows.push(0); r = rows.length - 1; }
        rows[r] = left + w;
        c.fillStyle = mine && mine.task === name ? '#ffd84a' : '#dfe5ee';
        c.fillText(name, left, T + 9 + r * 11);
      }
    }
    // Spearman's rank correlation over every run (and over the task medians).
    const runs = data.spearman_runs || {}, meds = data.spearman || {};
    const rho = (sp, k) => (sp[k] ? `${k} ρ = ${sp[k].rho.toFixed(2)} (p ${sp[k].p < 0.001 ? '< 0.001' : '= ' + sp[k].p.toFixed(2)})` : '');
    const line = (sp, what) => {
      const parts = [rho(sp, 'paper'), rho(sp, 'reliable')].filter(Boolean);
      return parts.length ? `Rank correlation ${what}: ${parts.join(', ')}.` : '';
    };
    const n = runs.paper ? runs.paper.n : 0;
    const rr = ['paper', 'reliable'].filter((k) => runs[k]).map((k) => runs[k].rho.toFixed(2));
    said = [line(meds, `over the ${pts.length} task medians`),
      rr.length ? `Over all ${n} runs ρ = ${rr.join(' and ')} (its p overstates: a task's runs share one span).` : ''].filter(Boolean).join(' ');
    document.getElementById('thesis-rho').textContent = said;
  }
  return { onStatus };
}
