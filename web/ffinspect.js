// The feed-forward family's part of the neuron inspector: what Go's
// session.Layered.Inspect says beyond the recurrent inspector's fields (the
// neuron's layer, age and state, its layer's gain, its own heat map), and
// how its connections are named. This module only presents; inspect.js
// calls it for every inspection and it hides itself for other kinds.

// The heat map's palette, as the view's (scene.MapColor): -1 orange, +1
// blue, 0 a dark grey, with a slight gamma.
const zero = [38, 43, 56], pos = [85, 166, 255], neg = [255, 128, 64];
function mapColor(b) {
  let v = b / 127.5 - 1;
  const end = v < 0 ? neg : pos;
  const t = Math.pow(Math.min(Math.abs(v), 1), 0.8);
  return zero.map((z, i) => Math.round(z + (end[i] - z) * t));
}

// linkLabel names one of a feed-forward neuron's connections.
export function ffLinkLabel(l) {
  if (l.kind === 'neuron') return 'neuron ' + l.other;
  if (l.kind === 'feature') return 'feature ' + l.other;
  return 'the output';
}

// renderFF fills the inspector's feed-forward part (#insp-ff) from r, or
// hides it when r is not a feed-forward inspection.
export function renderFF(r, $) {
  const box = $('insp-ff');
  if (!box) return;
  const ff = r && r.kind === 'ff' && r.known;
  box.hidden = !ff;
  if (!ff) return;
  const n = (x) => x.toLocaleString('en-US');
  const facts = $('insp-ff-facts');
  if (r.alive) {
    facts.textContent = `layer ${r.layer} · born at cycle ${n(r.born)} · age ${n(r.age)} cycles · ${r.active ? 'active' : 'in reserve'}`;
  } else {
    facts.textContent = `born at cycle ${n(r.born)} · deleted at cycle ${n(r.death ? r.death.cycle : r.cycle)}, aged ${n(r.age)} cycles`;
  }
  facts.className = 'insp-ff-facts ' + (r.alive ? r.state : 'deleted');
  $('insp-ff-gain').textContent = r.gain_text || '';
  $('insp-ff-gain').hidden = !r.gain_text;
  const cv = $('insp-ff-map'), fig = $('insp-ff-mapfig');
  const res = r.map_res || 0, map = r.map || [];
  fig.hidden = !(res > 0 && map.length === res * res);
  if (fig.hidden) return;
  cv.width = res;
  cv.height = res;
  const ctx = cv.getContext('2d');
  const img = ctx.createImageData(res, res);
  for (let i = 0; i < map.length; i++) {
    const c = mapColor(map[i]);
    img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  cv.setAttribute('aria-label', `neuron #${r.id}'s activation over the plane`);
}
