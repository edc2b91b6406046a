// The network view's text, drawn over its WebGL canvas on a 2D canvas at
// the device's own resolution, so it stays crisp when the drawing's
// resolution drops (software WebGL draws the graph at half of it). The view
// (wasm/scene/textlayer.go) decides every line, its place, role and colour;
// this only measures glyphs, keeps lines inside the canvas and paints.
// window.diffstructText.draw(records) takes the view's records,
// .boxes() returns what was drawn last, in CSS pixels, for tests.
'use strict';
(() => {
  // px, every label (scene.TextSize); an S record gives another (projector mode)
  const BASE = 14;
  let SIZE = BASE, EDGE = SIZE / 4;    // EDGE: least room to the canvas's edge
  const font = () => SIZE + 'px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const PAD = 8, LINE = 1.35;          // the hover box's padding and line height
  // The device's pixels per CSS pixel, read before graph.html halves what
  // the WebGL canvas is told under software WebGL.
  const ratio = () => window.diffstructDeviceRatio || window.devicePixelRatio || 1;
  let canvas = null, ctx = null, last = '', boxes = [], ascent = 0, descent = 0;

  function ensure() {
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.id = 'textlayer';
      canvas.setAttribute('aria-hidden', 'true');
      canvas.style.cssText = 'position:fixed;left:0;top:0;width:100%;height:100%;pointer-events:none;z-index:1';
      document.body.appendChild(canvas); // after the view's canvas, which stays the first
      ctx = canvas.getContext('2d');
    }
    const d = ratio(), w = Math.round(innerWidth * d), h = Math.round(innerHeight * d);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h;
    }
    ctx.setTransform(d, 0, 0, d, 0, 0);
    ctx.font = font();
    ctx.textBaseline = 'alphabetic';
    const m = ctx.measureText('Hg');
    ascent = m.fontBoundingBoxAscent; descent = m.fontBoundingBoxDescent;
    return d;
  }

  // line draws s vertically centred on y, aligned on x, moved inside the
  // canvas if it would cross an edge, and returns its box.
  function line(s, x, y, align, colour, d) {
    const w = ctx.measureText(s).width;
    if (align === 0) x -= w / 2; else if (align < 0) x -= w;
    x = Math.max(EDGE, Math.min(x, innerWidth - EDGE - w));
    const top = Math.round((y - (ascent + descent) / 2) * d) / d;
    x = Math.round(x * d) / d;
    ctx.fillStyle = colour;
    ctx.fillText(s, x, top + ascent);
    return { x, y: top, w, h: ascent + descent };
  }

  // tooltip draws the hover box beside the neuron at (x, y), r from its
  // centre: to its right, else its left, else below or above it, so the
  // box never covers the neuron it describes when there is room anywhere;
  // left first asks for its left side first (the view decides).
  function tooltip(bg, ink, x, y, r, lines, d, leftFirst) {
    let w = 0;
    for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
    const lh = SIZE * LINE, bw = w + 2 * PAD, bh = lh * (lines.length - 1) + SIZE + 2 * PAD;
    const W = innerWidth, H = innerHeight, m = 4;
    const inside = (bx, by) => bx >= m && by >= m && bx + bw <= W - m && by + bh <= H - m;
    const clampX = (bx) => Math.max(m, Math.min(bx, W - m - bw));
    const clampY = (by) => Math.max(m, Math.min(by, H - m - bh));
    const places = [
      [x + r, clampY(y - bh / 2)], [x - r - bw, clampY(y - bh / 2)],
      [clampX(x - bw / 2), y + r], [clampX(x - bw / 2), y - r - bh],
    ];
    if (leftFirst) places.unshift(places.splice(1, 1)[0]);
    const [bx, by] = places.find(([a, b]) => inside(a, b)) || [clampX(x + r), clampY(y - bh / 2)];
    ctx.fillStyle = bg;
    ctx.fillRect(bx, by, bw, bh);
    return lines.map((l, i) => Object.assign(line(l, bx + PAD, by + PAD + SIZE / 2 + lh * i, 1, ink, d), { role: 'tooltip', text: l }));
  }

  function paint() {
    const recs = last ? last.split('\n') : [];
    const size = recs.length && recs[0].startsWith('S\t') ? +recs[0].split('\t')[1] : BASE;
    SIZE = size > 0 ? size : BASE; EDGE = SIZE / 4;
    const d = ensure();
    ctx.clearRect(0, 0, innerWidth, innerHeight);
    const out = [];
    for (const rec of recs) {
      const f = rec.split('\t');
      if (f[0] === 'L' && f.length >= 7) {
        out.push(Object.assign(line(f[6], +f[4], +f[5], +f[2], f[3], d), { role: f[1], text: f[6] }));
      } else if (f[0] === 'T' && f.length >= 7) {
        out.push(...tooltip(f[1], f[2], +f[3], +f[4], +f[5], f[6].split('\v'), d, f[7] === 'L'));
      } else if (f[0] === 'N' && f.length >= 3) {
        out.push(Object.assign(line(f[2], innerWidth / 2, innerHeight / 2, 0, f[1], d), { role: 'note', text: f[2] }));
      }
    }
    boxes = out;
  }

  window.diffstructText = {
    draw(records) { last = String(records); paint(); },
    boxes: () => boxes,
    canvas: () => canvas,
  };
  addEventListener('resize', () => { if (canvas) paint(); });
})();
