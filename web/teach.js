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
  let hidden = [], lastDownload = null;

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
      c.loss.textContent = at ? (r.per_symbol).toFixed(3) + unit(st) : '-';
      c.place.textContent = !at ? '' : r.rank === 1 ? 'leading' :
        '+' + (r.behind / st.window).toFixed(3) + unit(st) + ' behind (' + place(r.rank) + ')';
      c.card.classList.toggle('leader', at > 0 && r.rank === 1);
      c.speed.textContent = r.cps ? 'alone: ' + r.cps.toLocaleString('en') + ' cycles/s' : '';
      c.speed.title = 'training cycles per second of this network\'s own compute time';
    });
    $('race-verdict').replaceChildren(...(at === 0 && st.cycle > 0
      ? [document.createTextNode('Starting the workers that train the other networks…')]
      : verdict(Object.assign({}, st, { cycle: at }), race)));
  }
  // unit names the race's loss: per symbol for the recurrent family, the
  // loss per point (on the test points when there are) for feed-forward.
  function unit(st) {
    if (st.kind !== 'ff') return ' nats/symbol';
    return st.ff && st.ff.test_points ? ' test loss' : ' train loss';
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
    if (!st.cycle) return [document.createTextNode('The networks read the very same ' + (st.kind === 'ff' ? 'points' : 'symbols') + '. Press Play to start the race.')];
    const order = race.slice().sort((a, b) => a.rank - b.rank);
    const lead = order[0];
    const b = document.createElement('b');
    b.textContent = lead.name;
    const out = [document.createTextNode('After ' + st.cycle.toLocaleString('en') + ' cycles, '), b,
      document.createTextNode(' leads with ' + lead.neurons + (lead.neurons === 1 ? ' neuron (' : ' neurons (') + lead.per_symbol.toFixed(3) + unit(st) + ')')];
    const rest = order.slice(1).map((r) => r.name + ' ' + pct(r.behind, lead.loss) + ' behind with ' + r.neurons);
    if (rest.length) out.push(document.createTextNode('; ' + rest.join(', ') + '.'));
    const grow = race[0];
    if (lead !== grow) out.push(document.createTextNode(' The growing network has ' + grow.neurons + (grow.neurons === 1 ? ' neuron' : ' neurons') + ' so far.'));
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
      // The view's text is on its own canvas over the drawing (textlayer.js),
      // at the device's resolution: the picture is both, at that resolution.
      const w = app.graphWindow(), layer = w && w.diffstructText && w.diffstructText.canvas();
      const out = document.createElement('canvas');
      out.width = layer ? layer.width : img.width; out.height = layer ? layer.height : img.height;
      const ctx = out.getContext('2d');
      ctx.drawImage(img, 0, 0, out.width, out.height);
      if (layer) ctx.drawImage(layer, 0, 0);
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
  // Go decides (wasm/tour): what each step does to the run, when it waits for
  // a birth or a death (the worker pauses at that very cycle), and every
  // sentence, written from the observation this status and the view show.
  // Here the card is only shown, beside or below the part it is about, never
  // over it, and inside the window.
  const tour = $('tour');
  let card = null, cardText = '', tourEl = null, placedFor = '', placedStep = -1, inspected = -1;
  function showTour(st) {
    card = st.tour || null;
    // A step about a neuron opens the inspector on it, once (the visitor
    // may close it or pick another).
    const want = card && card.inspect >= 0 ? card.step + ':' + card.inspect : -1;
    if (want !== -1 && want !== inspected && app.inspect) app.inspect(0, card.inspect);
    inspected = want;
    if (!card) {
      if (!tour.hidden) { tour.hidden = true; markTarget(null); placedFor = ''; placedStep = -1; }
      return;
    }
    const text = [card.step, card.title, card.text, card.event].join('\n');
    if (text !== cardText) {
      cardText = text;
      $('tour-count').textContent = 'Tour ' + (card.step + 1) + ' of ' + card.steps;
      $('tour-title').textContent = card.title;
      $('tour-text').textContent = card.text;
      $('tour-event').textContent = card.event;
      $('tour-next').textContent = card.next;
    }
    tour.hidden = false;
    tour.dataset.step = String(card.step);
    tour.classList.toggle('waiting', card.waiting);
    const el = document.querySelector(card.target);
    markTarget(el && el.offsetParent !== null ? el : null);
    // A new step (or its event seen) may scroll the page to make room;
    // otherwise the card only moves, so a visitor's own scrolling is kept.
    const key = card.step + (card.waiting ? 'w' : 's');
    if (card.step !== placedStep) { userScrolled = false; placedStep = card.step; }
    placeTour(key !== placedFor);
    placedFor = key;
  }
  function markTarget(el) {
    if (el === tourEl) return;
    if (tourEl) tourEl.classList.remove('tour-target');
    tourEl = el;
    if (el) el.classList.add('tour-target');
  }

  // placeTour puts the card below, beside or above its target where the
  // window has room for both (a card below or above takes up to the
  // target's width, so it is shorter); when none has room it may scroll the
  // page to make some (not after the visitor scrolled), else it takes a
  // corner of the window clear of the target.
  const M = 8, G = 14; // margin to the window's edges; gap to the target (its outline and glow take 12)
  let userScrolled = false, lastPlace = null;
  function placeTour(scroll) {
    if (tour.hidden) return;
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    const at = (p) => {
      tour.style.width = p.w + 'px';
      tour.style.left = Math.round(p.x) + 'px';
      tour.style.top = Math.round(p.y) + 'px';
      lastPlace = p;
    };
    const narrow = Math.min(420, vw - 2 * M);
    if (!tourEl) { const h = heightAt(narrow); at({ side: 'corner', w: narrow, x: vw - narrow - M, y: vh - h - M }); return; }
    let p = fitTour(vw, vh);
    if (!p && scroll && !userScrolled) {
      // Scroll so the card fits below the target, or above it, or (a
      // target taller than the window) below its lower part.
      const r = tourEl.getBoundingClientRect(), wide = wideWidth(r, vw), h = heightAt(wide), y = window.scrollY;
      const tries = r.height + G + h + 2 * M <= vh ? [r.top - M, r.bottom + G + h + M - vh]
        : [r.top - (M + h + G), r.bottom + G + h + M - vh];
      for (const dy of tries) {
        window.scrollTo(window.scrollX, y + dy);
        if ((p = fitTour(vw, vh))) break;
      }
    }
    if (!p) {
      const r = tourEl.getBoundingClientRect(), h = heightAt(narrow);
      const corners = [[vw - narrow - M, vh - h - M], [M, vh - h - M], [vw - narrow - M, M], [M, M]]
        .map(([x, y]) => ({ side: 'corner', w: narrow, x, y }));
      p = corners.find((c) => !overlaps(c, h, r)) || corners[0];
    }
    at(p);
  }
  // heightAt returns the card's height at width w.
  function heightAt(w) { tour.style.width = w + 'px'; return tour.offsetHeight; }
  function wideWidth(r, vw) { return Math.max(Math.min(420, vw - 2 * M), Math.min(720, r.width, vw - 2 * M)); }
  // fitTour returns a place clear of the target and inside the window, or
  // null; the target must be on screen (most of it, when it is tall).
  function fitTour(vw, vh) {
    const r = tourEl.getBoundingClientRect();
    if (Math.min(r.bottom, vh) - Math.max(r.top, 0) < Math.min(r.height, 0.6 * vh) - 1) return null;
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(v, hi));
    const wide = wideWidth(r, vw), hw = heightAt(wide);
    const nw = Math.min(420, vw - 2 * M);
    // Beside: as wide as the room there allows (a narrow card is tall).
    const room = Math.max(vw - M - r.right - G, r.left - G - M);
    const sw = room >= 280 ? Math.min(nw, room) : nw, hs = heightAt(sw);
    const xw = clamp(r.left, M, vw - wide - M), ys = clamp(r.top, M, vh - hs - M);
    const spots = [
      { side: 'below', w: wide, h: hw, x: xw, y: r.bottom + G },
      { side: 'right', w: sw, h: hs, x: r.right + G, y: ys },
      { side: 'left', w: sw, h: hs, x: r.left - G - sw, y: ys },
      { side: 'above', w: wide, h: hw, x: xw, y: r.top - G - hw },
    ];
    // A tall target (the network view on a wide screen) keeps what is
    // under it in sight (the legend, the counters): the card goes beside it.
    if (r.height > 0.45 * vh) spots.push(spots.shift());
    return spots.find((p) => p.x >= M && p.x + p.w <= vw - M && p.y >= M && p.y + p.h <= vh - M && !overlaps(p, p.h, r)) || null;
  }
  function overlaps(p, h, r) {
    return p.x < r.right + G && p.x + p.w > r.left - G && p.y < r.bottom + G && p.y + h > r.top - G;
  }
  window.addEventListener('resize', () => placeTour(true));
  window.addEventListener('scroll', () => placeTour(false), { passive: true });
  for (const ev of ['wheel', 'touchmove']) window.addEventListener(ev, () => { userScrolled = true; }, { passive: true });
  window.addEventListener('keydown', (e) => {
    if (['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown'].includes(e.key)) userScrolled = true;
  });

  $('tour-next').addEventListener('click', () => app.command('tour', 'next'));
  $('tour-skip').addEventListener('click', () => app.command('tour', 'end'));
  $('tour-start').addEventListener('click', () => app.command('tour', 'start'));

  return {
    onMeta(meta) {
      applyHide(meta.state.hide);
      syncRaceControls(meta);
    },
    onStatus(st) { showRace(st); showTour(st); },
    raceSeries,
    importText,
    stats: () => ({ hidden: hidden.slice(), lastDownload, tourStep: card ? card.step : -1, tour: card, tourPlace: lastPlace }),
  };
}
