// Teaching with the page: race mode (the growing network against fixed-size
// ones: a card of numbers and a loss curve each; the networks themselves are
// the view's cells), lesson links (hide=/only= keys hide named parts of the
// page), the guided tour, and export/import of runs (CSV, network JSON,
// PNGs). app.js calls setupTeaching once with its helpers and then feeds it
// every meta and status.

// RACE_COLORS: the growing network first, then the fixed-size rivals.
const RACE_COLORS = ['#55a6ff', '#ff8040', '#c77dff', '#ff6b9a'];

export function setupTeaching(app) {
  const $ = (id) => document.getElementById(id);
  let hidden = [], lastDownload = null, tourStep = -1, tourStarted = false;

  // ---- lesson links: hide named parts ------------------------------------
  function applyHide(names) {
    hidden = names || [];
    for (const el of document.querySelectorAll('[data-part]')) {
      const hide = hidden.includes(el.dataset.part);
      // The race panel is shown only in a race (showRace); never unhide it here.
      if (el.id === 'race-panel') { el.dataset.lessonHidden = hide ? '1' : ''; continue; }
      el.hidden = hide;
    }
    const racePanel = $('race-panel');
    if (hidden.includes('race')) racePanel.hidden = true;
    document.body.classList.toggle('lesson', hidden.length > 0);
    const controls = document.querySelector('[data-part=controls]');
    const anyControl = !controls.hidden && [...controls.querySelectorAll('[data-part]')].some((el) => !el.hidden);
    document.body.classList.toggle('no-controls', !anyControl);
  }

  // ---- race mode ------------------------------------------------------------
  const raceOn = $('race-on'), raceSizes = $('race-sizes');
  function setRace() {
    app.command('set', 'race', raceOn.checked ? raceSizes.value.replace(/\s+/g, '') : 'off');
  }
  raceOn.addEventListener('change', setRace);
  raceSizes.addEventListener('change', () => { if (raceOn.checked) setRace(); });

  // syncRaceControls shows the run's race, or the sizes the worker offers.
  function syncRaceControls(meta) {
    const race = meta.state.race || [];
    raceOn.checked = race.length > 0;
    const offer = race.length ? race : meta.page.race.default_sizes;
    if (document.activeElement !== raceSizes && (race.length || !raceSizes.value)) raceSizes.value = offer.join(',');
    if (meta.page.race.max_rivals) {
      raceSizes.title = '1 to ' + meta.page.race.max_rivals + ' fixed sizes, comma-separated';
      raceSizes.setAttribute('aria-label', 'Fixed sizes racing the growing network, ' + raceSizes.title);
    }
  }

  let cards = [], cardsKey = '';
  function showRace(st) {
    const panel = $('race-panel');
    const race = st.runners.length > 1 ? st.runners : [];
    panel.hidden = !race.length || panel.dataset.lessonHidden === '1';
    document.body.classList.toggle('racing', race.length > 0);
    if (!race.length) { cards = []; cardsKey = ''; return; }
    const key = race.map((r) => r.name).join('|');
    if (key !== cardsKey) buildCards(race, key);
    // The standings' cycle: the slowest network's when several workers step
    // them (the helpers take a moment to start).
    const at = race[0].cycle ?? st.cycle;
    race.forEach((r, i) => {
      const c = cards[i];
      c.neurons.textContent = r.neurons + (r.neurons === 1 ? ' neuron' : ' neurons');
      c.loss.textContent = at ? (r.per_symbol).toFixed(3) + ' nats/symbol' : '-';
      c.place.textContent = !at ? '' : r.rank === 1 ? 'leading' :
        '+' + (r.behind / st.window).toFixed(3) + ' nats/symbol behind (' + place(r.rank) + ')';
      c.card.classList.toggle('leader', at > 0 && r.rank === 1);
      c.speed.textContent = r.cps ? 'alone: ' + r.cps.toLocaleString('en') + ' cycles/s' : '';
      c.speed.title = 'training cycles per second of this network\'s own compute time';
    });
    $('race-verdict').replaceChildren(...(at === 0 && st.cycle > 0
      ? [document.createTextNode('Starting the workers that train the other networks…')]
      : verdict(Object.assign({}, st, { cycle: at }), race)));
  }
  function place(rank) { return ['1st', '2nd', '3rd', '4th'][rank - 1] || rank + 'th'; }

  function buildCards(race, key) {
    cardsKey = key;
    const box = $('race-runners');
    box.replaceChildren();
    cards = race.map((r, i) => {
      const card = document.createElement('div');
      card.className = 'runner';
      card.dataset.runner = r.name;
      const head = document.createElement('div');
      head.className = 'runner-name';
      const sw = document.createElement('i');
      sw.style.background = RACE_COLORS[i];
      head.append(sw, document.createTextNode(r.name));
      const line = (cls) => { const el = document.createElement('div'); el.className = cls; return el; };
      const c = { card, neurons: line('n'), loss: line('l'), place: line('p'), speed: line('s') };
      card.append(head, c.neurons, c.loss, c.place, c.speed);
      box.append(card);
      return c;
    });
  }

  // verdict says who is ahead, by how much, with how many neurons.
  function verdict(st, race) {
    if (!st.cycle) return [document.createTextNode('The networks read the very same symbols. Press Play to start the race.')];
    const order = race.slice().sort((a, b) => a.rank - b.rank);
    const lead = order[0];
    const b = document.createElement('b');
    b.textContent = lead.name;
    const out = [document.createTextNode('After ' + st.cycle.toLocaleString('en') + ' cycles, '), b,
      document.createTextNode(' leads with ' + lead.neurons + ' neurons (' + lead.per_symbol.toFixed(3) + ' nats/symbol)')];
    const rest = order.slice(1).map((r) => r.name + ' ' + pct(r.behind, lead.loss) + ' behind with ' + r.neurons);
    if (rest.length) out.push(document.createTextNode('; ' + rest.join(', ') + '.'));
    const grow = race[0];
    if (lead !== grow) out.push(document.createTextNode(' The growing network has ' + grow.neurons + ' neurons so far.'));
    return out;
  }
  function pct(behind, loss) { return loss > 0 ? (100 * behind / loss).toFixed(1) + '%' : behind.toFixed(3); }

  // raceSeries returns the charts' curves in a race, or null.
  function raceSeries(pts, st) {
    const race = st && st.runners;
    if (!race || race.length < 2) return null;
    const loss = race.map((r, i) => ({ label: r.name, color: RACE_COLORS[i], points: [] }));
    const neurons = race.map((r, i) => ({ label: r.name, color: RACE_COLORS[i], points: [] }));
    for (const p of pts) {
      loss[0].points.push({ c: p.c, y: p.l });
      neurons[0].points.push({ c: p.c, y: p.n });
      (p.r || []).forEach((l, i) => {
        if (loss[i + 1]) {
          loss[i + 1].points.push({ c: p.c, y: l });
          neurons[i + 1].points.push({ c: p.c, y: race[i + 1].neurons });
        }
      });
    }
    return { loss, neurons };
  }

  // ---- export and import ----------------------------------------------------
  function download(name, blob, info) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    lastDownload = Object.assign({ name, type: blob.type, size: blob.size, at: Date.now() }, info || {});
  }
  function stamp() { const st = app.status(); return 'diffstruct-cycle' + (st ? st.cycle : 0); }

  async function exportText(kind) {
    const r = await app.call({ op: 'export', kind });
    if (r.error) { app.message(r.error, 'error', 'export'); return; }
    const csv = kind === 'csv';
    download(stamp() + (csv ? '.csv' : '.json'), new Blob([r.data], { type: csv ? 'text/csv' : 'application/json' }), { text: r.data });
  }
  $('export-csv').addEventListener('click', () => exportText('csv'));
  $('export-json').addEventListener('click', () => exportText('network'));

  // countDrawn counts the pixels of a canvas that differ from the background.
  function countDrawn(canvas) {
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.abs(d[i] - 15) + Math.abs(d[i + 1] - 20) + Math.abs(d[i + 2] - 32) > 30) n++;
    return n;
  }
  function savePNG(canvas, name) {
    const drawn = countDrawn(canvas);
    canvas.toBlob((blob) => {
      if (!blob) { app.message('The picture could not be encoded.', 'error', 'export'); return; }
      download(name, blob, { width: canvas.width, height: canvas.height, drawn, url: canvas.toDataURL('image/png') });
    }, 'image/png');
  }

  $('export-charts').addEventListener('click', () => {
    const a = $('loss-chart'), b = $('neuron-chart');
    const out = document.createElement('canvas');
    out.width = Math.max(a.width, b.width);
    out.height = a.height + b.height;
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#0f1420';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(a, 0, 0);
    ctx.drawImage(b, 0, a.height);
    savePNG(out, stamp() + '-charts.png');
  });

  // The graph is WebGL in the view's document: copy it right after the view
  // draws a frame (its own capture hook when it has one).
  $('export-graph').addEventListener('click', async () => {
    try {
      const img = await captureGraph();
      const out = document.createElement('canvas');
      out.width = img.width; out.height = img.height;
      out.getContext('2d').drawImage(img, 0, 0);
      savePNG(out, stamp() + '-graph.png');
    } catch (e) {
      app.message('The network drawing could not be captured: ' + e.message, 'error', 'export');
    }
  });
  function captureGraph() {
    const w = app.graphWindow();
    const api = w && w.diffstructGraph;
    const canvas = w && w.document && w.document.querySelector('canvas');
    if (!canvas) return Promise.reject(new Error('the network view is not running'));
    if (api && typeof api.capture === 'function') {
      return new Promise((resolve, reject) => {
        api.capture((url, err) => {
          if (err || !url) { reject(new Error(err || 'no picture')); return; }
          const img = new Image();
          img.onload = () => resolve(img);
          img.onerror = () => reject(new Error('the view sent a bad picture'));
          img.src = url;
        });
      });
    }
    return new Promise((resolve) => w.requestAnimationFrame(() => resolve(canvas)));
  }

  $('import').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 64 << 20) { app.message('Could not load ' + file.name + ': larger than 64 MB. The current run goes on unchanged.', 'error', 'import'); return; }
    const text = await file.text();
    await importText(text, file.name);
  });
  async function importText(text, name) {
    const r = await app.call({ op: 'import', text, name });
    if (r.error) { app.message(r.error, 'error', 'import'); return r; }
    for (const el of document.querySelectorAll('#messages [data-key=import]')) el.remove();
    app.clearHistory();
    return r;
  }

  // ---- the guided tour ------------------------------------------------------
  // Each step points at a part of the page; wait() watches the live run for
  // the moment it talks about and then pauses so the visitor can look.
  const steps = [
    {
      title: 'One neuron', target: '.frame',
      text: 'This network starts with a single hidden neuron, between the input symbols (left) and its predictions (right). Press Next and it starts reading the easy task, 100 cycles a second.',
      enter: async () => {
        await app.command('pause');
        await app.command('set', 'task', 'easy');
        await app.command('reset');
        await app.command('set', 'speed', '100');
      },
    },
    {
      title: 'A neuron is born', target: '.counters div:nth-child(2)',
      text: 'The network keeps one weak neuron in reserve (drawn hollow). When learning puts the reserve to work, it is no longer spare, so a new reserve neuron is born: it grows in with a yellow glow and the neuron count goes up.',
      enter: () => app.command('play'),
      wait: (st, prev) => st.born > 0 || (prev && st.neurons > prev.neurons),
      seen: (st) => 'There: a neuron was born by cycle ' + st.cycle + '.',
    },
    {
      title: 'A neuron dies', target: '.frame',
      text: 'An L1 penalty pulls every connection towards zero, so a neuron stays strong only while it helps the predictions. When its strength falls below the deletion threshold it may be deleted: it shrinks and fades.',
      wait: (st, prev) => st.died > 0 || (prev && st.neurons < prev.neurons),
      seen: (st) => 'There: a neuron died by cycle ' + st.cycle + '.',
    },
    {
      title: 'The floor', target: '#loss-chart',
      text: 'The loss measures how surprised the network is. The green dashed line is the entropy floor: the surprise no predictor can avoid. The blue curve creeps down towards it.',
    },
    {
      title: 'Now a harder task', target: '#task',
      text: 'In the hard task each group of letters is the previous one reversed with one letter flipped: the network must remember the whole group. Switching keeps the network, and it grows new neurons to cope. Watch the neuron count.',
      enter: async () => {
        await app.command('set', 'task', 'hard');
        const r = await app.command('play');
        tourBase = (r && r.status ? r.status : app.status()).neurons;
      },
      wait: (st) => st.neurons >= tourBase + 3,
      seen: (st, now) => 'It grew from ' + tourBase + ' to ' + now.neurons + ' neurons for the hard task.',
    },
  ];
  let tourBase = 0, tourSeen = false, tourPrev = null, tourReady = false;
  const tour = $('tour');

  function startTour() {
    tourStarted = true;
    showStep(0);
  }
  async function showStep(i) {
    document.querySelectorAll('.tour-target').forEach((el) => el.classList.remove('tour-target'));
    if (i >= steps.length) { endTour(); return; }
    tourStep = i; tourSeen = false; tourPrev = null;
    const s = steps[i];
    $('tour-count').textContent = 'Tour ' + (i + 1) + ' of ' + steps.length;
    $('tour-title').textContent = s.title;
    $('tour-text').textContent = s.text;
    $('tour-event').textContent = s.wait ? 'Watching the live run\u2026' : '';
    $('tour-next').textContent = i + 1 < steps.length ? 'Next' : 'Finish';
    tour.hidden = false;
    tour.dataset.step = String(i);
    const el = document.querySelector(s.target);
    if (el && el.offsetParent !== null) {
      el.classList.add('tour-target');
      el.scrollIntoView({ block: 'nearest' });
    }
    placeTour(el);
    tourReady = false;
    if (s.enter) await s.enter();
    if (tourStep === i) tourReady = true; // watch the run only once the step has set it up
  }
  function placeTour(el) {
    tour.classList.remove('below', 'above');
    if (!el || el.offsetParent === null) return;
    const r = el.getBoundingClientRect();
    tour.classList.add(r.bottom + 180 < window.innerHeight ? 'below' : 'above');
  }
  function endTour() {
    document.querySelectorAll('.tour-target').forEach((el) => el.classList.remove('tour-target'));
    tour.hidden = true;
    tourStep = -1;
    const st = app.meta();
    if (st && st.state.tour) app.command('set', 'tour', '0');
  }
  function tourStatus(st) {
    if (tourStep < 0) return;
    const s = steps[tourStep];
    if (!tourReady) return;
    if (s.wait && !tourSeen && st.cycle > 0 && s.wait(st, tourPrev)) {
      tourSeen = true;
      const step = tourStep;
      app.command('pause').then((r) => {
        // Say it as the paused run shows it (the counters).
        if (tourStep === step) $('tour-event').textContent = s.seen(st, (r && r.status) || st) + ' Paused: press Next to go on.';
      });
    }
    tourPrev = st;
  }
  $('tour-next').addEventListener('click', () => {
    if (tourSeen) app.command('play');
    showStep(tourStep + 1);
  });
  $('tour-skip').addEventListener('click', endTour);
  $('tour-start').addEventListener('click', startTour);

  return {
    onMeta(meta) {
      applyHide(meta.state.hide);
      syncRaceControls(meta);
      if (meta.state.tour && !tourStarted) startTour();
    },
    onStatus(st) { showRace(st); tourStatus(st); },
    raceSeries,
    importText,
    stats: () => ({ hidden: hidden.slice(), lastDownload, tourStep }),
  };
}
