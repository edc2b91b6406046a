// The feed-forward family on the page (model=ff): its controls (data set,
// noise, test ratio, points, preset, raced shapes), its counters and its
// charts (train and test loss, neurons). Go decides every value (the link
// state, the status, the allowed ranges in meta.page.ff); this module
// presents them and sends the controls' changes back as link keys.
import { drawChart } from './charts.js';

// setupFF wires the controls; app: { $, command, message, call, clearHistory }.
export function setupFF(app) {
  const { $, command, message, call, clearHistory } = app;
  const dataSel = $('ff-data'), presetSel = $('ff-preset');
  const noise = $('ff-noise'), test = $('ff-test-ratio'), pts = $('ff-points');
  const raceOn = $('ff-race-on'), race = $('ff-race');
  let built = false, meta = null;

  dataSel.addEventListener('change', () => command('set', 'data', dataSel.value));
  presetSel.addEventListener('change', () => command('set', 'preset', presetSel.value));
  noise.addEventListener('input', () => { $('ff-noise-label').textContent = noise.value; });
  noise.addEventListener('change', () => command('set', 'noise', noise.value));
  test.addEventListener('input', () => { $('ff-test-label').textContent = test.value; });
  test.addEventListener('change', () => command('set', 'test', test.value));
  pts.addEventListener('change', () => command('set', 'points', pts.value === '0' ? '' : pts.value));
  const setRace = () => command('set', 'race', raceOn.checked ? race.value.replace(/\s+/g, '') : 'off');
  raceOn.addEventListener('change', setRace);
  race.addEventListener('change', () => { if (raceOn.checked) setRace(); });

  // The visitor's own points (data=placed): the view tells where a click
  // on the output map fell, in plane units (diffstructPlace); Go adds or
  // removes the point and says why when it cannot.
  const placing = () => !!(meta && meta.ff && meta.ff.data === 'placed');
  const clickMode = () => (document.querySelector('input[name=ff-class]:checked') || { value: '+1' }).value;
  window.diffstructPlace = async (cell, x, y, shift) => {
    if (!placing()) return;
    const mode = shift ? 'remove' : clickMode();
    const at = x.toFixed(2) + ',' + y.toFixed(2);
    const r = await command(mode === 'remove' ? 'remove' : 'place', at, mode === 'remove' ? '' : mode);
    if (r && r.error) message(r.error, 'error', 'placed');
    else for (const el of document.querySelectorAll('#messages [data-key=placed]')) el.remove();
  };
  $('ff-csv').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 4 << 20) { message('Could not load ' + file.name + ': larger than 4 MB. The current run goes on unchanged.', 'error', 'import'); return; }
    const r = await call({ op: 'import', text: await file.text(), name: file.name, kind: 'points' });
    if (r.error) { message(r.error, 'error', 'import'); return; }
    for (const el of document.querySelectorAll('#messages [data-key=import]')) el.remove();
    clearHistory();
  });

  function build(page) {
    built = true;
    for (const d of page.data) {
      const o = new Option(d.label || d.kind, d.kind);
      o.title = d.description;
      dataSel.add(o);
    }
    for (const p of page.presets) presetSel.add(new Option(p, p));
    noise.max = page.max_noise;
    test.min = page.min_test; test.max = page.max_test;
    pts.max = page.max_points;
  }

  const set = (el, v) => { if (document.activeElement !== el) el.value = v; };

  return {
    // sync shows the run's ff settings (meta.ff) in the controls.
    sync(m) {
      meta = m;
      if (!m.page || !m.page.ff) return;
      if (!built) build(m.page.ff);
      const f = m.ff;
      if (!f) return;
      set(dataSel, f.data);
      set(presetSel, f.preset);
      set(noise, f.noise);
      set(test, f.test);
      set(pts, f.points);
      $('ff-noise-label').textContent = f.noise;
      $('ff-test-label').textContent = f.test;
      raceOn.checked = !!f.race;
      if (f.race) set(race, f.race);
      const d = m.page.ff.data.find((x) => x.kind === f.data);
      $('ff-data-desc').textContent = d ? d.description : '';
      // The benchmark is a fixed set: no noise, split or number of points.
      $('ff-data-opts').hidden = !!(d && d.fixed);
      $('ff-placed').hidden = !(d && d.placed);
    },

    // showStatus fills the ff counters from a status of kind ff.
    showStatus(st) {
      const f = st.ff;
      $('ff-cycles').textContent = st.cycle;
      $('ff-placed-count').textContent = f.train_points;
      $('ff-neurons').textContent = f.widths.join(' \u00b7 ') + ' (' + st.neurons + ')';
      $('ff-train').textContent = st.cycle ? f.train_loss.toFixed(4) : '-';
      $('ff-test').textContent = !f.test_points ? 'no test set' : st.cycle ? f.test_loss.toFixed(4) : '-';
      $('ff-acc-label').textContent = f.regression ? 'train accuracy' : f.test_points ? 'test accuracy' : 'train accuracy';
      const acc = f.test_points ? f.test_accuracy : f.accuracy;
      $('ff-acc').textContent = f.regression ? 'regression' : (100 * acc).toFixed(1) + '%';
      $('ff-acc').title = 'train ' + (100 * f.accuracy).toFixed(1) + '%, test ' + (100 * f.test_accuracy).toFixed(1) +
        '% (' + f.train_points + ' training and ' + f.test_points + ' test points)';
    },

    // drawCharts draws the train and test losses and the neuron count of
    // the chart points pts (history points {c, l, t, n}).
    drawCharts(status, pts, log, cursor = null) {
      const f = status.ff;
      // A network's train loss is known once it has trained (the first point is at cycle 0).
      const trained = pts.filter((p) => p.c > 0);
      const series = [{ label: 'train', color: '#55a6ff', points: trained.map((p) => ({ c: p.c, y: p.l })) }];
      if (f && f.test_points) series.push({ label: 'test', color: '#ff9f43', points: pts.map((p) => ({ c: p.c, y: p.t || 0 })) });
      const racers = status.runners.length > 1 ? status.runners : [];
      racers.slice(1).forEach((r, i) => series.push({
        label: r.name + ' train', color: ['#7fd38a', '#c792ea', '#e0a458'][i % 3],
        points: trained.filter((p) => p.r && p.r[i] != null).map((p) => ({ c: p.c, y: p.r[i] })),
      }));
      drawChart($('loss-chart'), series[0].points, {
        title: 'Loss per point (\u00bd(output \u2212 label)\u00b2)', yLabel: 'loss', color: '#55a6ff', yMin: 0, log, cursor,
        series: series.length > 1 ? series : null,
        tip: (p) => 'cycle ' + p.c.toLocaleString('en') + ': loss ' + p.y.toFixed(4),
      });
      drawChart($('neuron-chart'), pts.map((p) => ({ c: p.c, y: p.n })), {
        title: 'Hidden neurons (all layers)', yLabel: 'neurons', color: '#ffdb59', yMin: 0, yMinMax: 5, integer: true, log, cursor,
        tip: (p) => 'cycle ' + p.c.toLocaleString('en') + ': ' + p.y + (p.y === 1 ? ' neuron' : ' neurons'),
      });
    },

    // dataAt returns the data set of the keyboard's number key k (1-based).
    dataAt(k) { return meta && meta.page && meta.page.ff.data[k - 1]; },
  };
}
