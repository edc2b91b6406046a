// The timeline: a scrubber over the run's cycles. Dragging it back shows the
// run as it was: the worker redraws any past cycle from its bounded history
// (wasm/session/timeline.go: every birth and death, and keyframes), and this
// module hands that snapshot to the view and its numbers to the counters.
// Scrubbing pauses the run; the scrubber's end, or Play, returns to it.
// It also keeps the births and deaths for the neuron chart.
import { readWindow } from './wire.js';

// setupTimeline wires #timeline. ctx: post(msg) sends the worker a message;
// command(cmd) a page command; status() the last status; show(bytes, window)
// hands a snapshot to the view and the reading panel; redraw() redraws
// the charts.
export function setupTimeline(ctx) {
  const $ = (id) => document.getElementById(id);
  const range = $('timeline'), label = $('timeline-label'), note = $('timeline-note');
  let events = [], evEpoch = -1, fetching = false, fetchedAt = 0;
  let scrub = null; // the cycle asked for while scrubbing; null: live
  let moment = null; // the past moment shown
  let pausedByUs = false, sawPaused = false, pausedAt = -1;
  let inflight = false, nextId = 1;

  function ask() {
    if (inflight || scrub === null) return;
    inflight = true;
    ctx.post({ op: 'timeline', id: nextId++, cycle: scrub, from: events.length, evEpoch });
  }
  function fetchEvents() {
    if (fetching || inflight) return;
    fetching = true;
    fetchedAt = performance.now();
    ctx.post({ op: 'timeline', id: nextId++, cycle: -1, from: events.length, evEpoch });
  }

  // onReply takes the worker's answer to a timeline request.
  function onReply(m) {
    const r = JSON.parse(m.json);
    if (r.error) return;
    const ev = r.events;
    if (ev.reset) events = [];
    events.length = Math.min(events.length, ev.from);
    for (const e of ev.list) events.push(e);
    evEpoch = ev.epoch;
    if (r.moment) {
      inflight = false;
      if (scrub === null) return; // back to live meanwhile
      moment = r.moment;
      ctx.show(m.graph, readWindow(m.graph));
      counters();
      ctx.redraw();
      if (moment.cycle !== scrub) ask(); // the scrubber moved on
    } else {
      fetching = false;
    }
  }

  // counters writes the past moment over the live numbers.
  function counters() {
    const st = ctx.status();
    if (!moment || !st) return;
    const c = moment.cycle;
    if (st.kind === 'ff') { ffCounters(st, c); return; }
    $('cycles').textContent = c;
    $('neurons').textContent = moment.neurons;
    $('loss').textContent = c ? moment.loss.toFixed(4) : '-';
    let seg = null; // the task phase then, for its floor
    for (const s of st.segments || []) if (s.c <= c) seg = s;
    if (seg && seg.floor != null && c) {
      const gap = moment.loss - seg.floor / st.window;
      $('gap').textContent = (gap >= 0 ? '+' : '') + gap.toFixed(4);
    } else $('gap').textContent = seg && seg.floor == null ? 'no floor' : '-';
    if (seg) $('phase').textContent = seg.name;
    const weights = moment.key_cycle === c ? '' : ' (weights and window as at cycle ' + moment.key_cycle.toLocaleString('en') + ')';
    label.textContent = 'cycle ' + c.toLocaleString('en') + ' of ' + (+range.max).toLocaleString('en');
    note.textContent = 'Rewound: the run is paused and shown as it was at cycle ' + c.toLocaleString('en') + weights +
      '. Drag to the right end or press Play to return to the live run.';
    note.hidden = false;
    range.dataset.cycle = String(c);
    $('status').textContent = statusText();
  }

  // ffCounters writes a feed-forward run's past moment (Layered.At) over
  // its live counters and says which keyframe's weights and maps are drawn.
  function ffCounters(st, c) {
    $('ff-cycles').textContent = c;
    const w = moment.widths || [];
    $('ff-neurons').textContent = w.join(' \u00b7 ') + ' (' + moment.neurons + ')';
    $('ff-train').textContent = c ? moment.loss.toFixed(4) : '-';
    $('ff-test').textContent = !(st.ff && st.ff.test_points) ? 'no test set' : c ? (moment.test || 0).toFixed(4) : '-';
    $('ff-acc').textContent = '-';
    const key = moment.key_cycle === c ? '' : ' (keyframe of cycle ' + moment.key_cycle.toLocaleString('en') + ')';
    label.textContent = 'cycle ' + c.toLocaleString('en') + key + ' of ' + (+range.max).toLocaleString('en');
    note.textContent = 'Rewound: the run is paused and shown as it was at cycle ' + c.toLocaleString('en') +
      (key ? ': its neurons exactly, their weights and heat maps as at cycle ' + moment.key_cycle.toLocaleString('en') + ' (neurons born since drawn blank)' : '') +
      '. Drag to the right end or press Play to return to the live run.';
    note.hidden = false;
    range.dataset.cycle = String(c);
    range.dataset.key = String(moment.key_cycle);
    $('status').textContent = statusText();
  }

  // live returns to the live run, playing again if scrubbing paused it (or
  // if play is true: the Play button).
  function live(play) {
    if (scrub === null) return;
    scrub = null;
    moment = null;
    note.hidden = true;
    range.value = range.max;
    range.dataset.cycle = '';
    document.body.classList.remove('rewound');
    const st = ctx.status();
    if (st) onStatus(st);
    if (pausedByUs || play) { pausedByUs = false; ctx.command('play'); }
    ctx.redraw();
  }

  range.addEventListener('input', () => {
    const st = ctx.status();
    if (!st) return;
    const c = Math.round(+range.value);
    if (c >= +range.max) { live(false); return; }
    if (scrub === null) {
      document.body.classList.add('rewound');
      sawPaused = !st.playing;
      pausedAt = st.playing ? -1 : st.cycle;
      if (st.playing) { pausedByUs = true; ctx.command('pause'); }
    }
    scrub = c;
    ask();
  });

  // onStatus follows the live run: the scrubber's span, and the events
  // the page lacks. While rewound, it puts the past numbers back.
  function onStatus(st) {
    const tl = st.timeline;
    if (!tl) return;
    range.min = tl.start;
    range.max = Math.max(tl.end, tl.start + 1);
    range.disabled = tl.end <= tl.start;
    if (scrub !== null) {
      if (!st.playing) {
        sawPaused = true;
        if (pausedAt < 0) pausedAt = st.cycle;
      }
      // Play pressed elsewhere (key, tour), a step taken (the run moved on
      // while paused), or a new run: back to live.
      const stepped = !st.playing && pausedAt >= 0 && st.cycle > pausedAt;
      if ((sawPaused && st.playing) || stepped || scrub > tl.end || scrub < tl.start) { pausedByUs = false; live(false); return; }
      counters();
    } else {
      range.value = range.max;
      label.textContent = 'live';
    }
    if ((tl.events !== events.length || tl.epoch !== evEpoch) && performance.now() - fetchedAt > 400) fetchEvents();
  }

  // neuronSteps returns the main network's neuron count as a step curve from
  // the births and deaths (exact at every cycle), or null when the events
  // held are another run's.
  function neuronSteps(st) {
    const tl = st && st.timeline;
    if (!tl || evEpoch !== tl.epoch || events.length > tl.events || (events.length && events[events.length - 1].c > st.cycle)) return null;
    const now = st.history.now;
    const pts = [];
    let n = events.length ? events[0].n + (events[0].b ? -1 : 1) : now.n;
    pts.push({ c: tl.start, y: n });
    for (const e of events) {
      pts.push({ c: e.c, y: n }, { c: e.c, y: e.n });
      n = e.n;
    }
    pts.push({ c: Math.max(now.c, tl.start), y: now.n });
    return pts;
  }

  return {
    onReply, onStatus, live, neuronSteps,
    active: () => scrub !== null,
    cursor: () => (moment ? moment.cycle : scrub),
    events: () => events,
    statusText,
  };
  function statusText() {
    return moment ? 'rewound to cycle ' + moment.cycle.toLocaleString('en') + ' \u00b7 ' + moment.neurons +
      (moment.neurons === 1 ? ' neuron' : ' neurons') + ' then (the run is paused)' : 'rewinding\u2026';
  }
}
