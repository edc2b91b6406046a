// The network drawing for a screen reader and the keyboard alone: its text
// equivalent (#graph-summary, which the drawing's box #graph-box names as
// its description), the polite live region #narration that tells births,
// deaths and the loss as the run goes, and the keyboard focus ring among
// the neurons. Go decides everything: what the region says and when
// (package narrate, through the status's speech and summary), the order
// the arrows walk the neurons and the sentence for the one focused (the
// view, wasm/scene, which also draws the ring and calls diffstructFocus).
// This module only presents and passes keys on.
//
// Keys while the drawing has the focus (Tab to it): the arrows move the
// ring (round the ring of a recurrent network; between and along the
// layers of a feed-forward one), Home and End go to the first and last
// neuron, Enter opens the inspector on it, Escape closes the inspector
// (which gives the focus back to the drawing) or else takes the ring away.

const moves = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

// setupNarration wires the drawing's box; app: { graph: () => the view's
// diffstructGraph or null, inspector: the inspector (inspect.js) }.
export function setupNarration(app) {
  const $ = (id) => document.getElementById(id);
  const box = $('graph-box'), region = $('narration'), focusSay = $('graph-focus-say'), summary = $('graph-summary');
  let spoken = '', focused = { cell: 0, id: -1, text: '' };

  // say puts text in a live region; the same text twice is said twice.
  function say(el, text) {
    el.textContent = el.textContent === text ? text + '\u00a0' : text;
  }
  const move = (key) => {
    const g = app.graph();
    try { return !!(g && g.focus && g.focus(key)); } catch (e) { return false; } // the view stopped: the page says so
  };

  // The view's answer to a move: the neuron the ring is on, and its sentence.
  window.diffstructFocus = (cell, id, text) => {
    focused = { cell, id, text };
    box.dataset.focusId = id; // for tests and styles
    if (document.activeElement === box) say(focusSay, id >= 0 ? text : 'No neuron to show yet.');
  };

  box.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target !== box) return;
    if (moves.has(e.key)) {
      move(e.key);
    } else if (e.key === 'Enter') {
      if (focused.id < 0) { move('stay'); } else {
        app.inspector.open(focused.cell, focused.id);
        say(focusSay, 'Inspector open on neuron ' + focused.id + '. Escape closes it.');
      }
    } else if (e.key === 'Escape' && !app.inspector.isOpen()) {
      move('clear');
      say(focusSay, 'Focus ring off.');
    } else return;
    e.preventDefault();
    e.stopPropagation(); // the page's own keys (the right arrow steps) are not the drawing's
  });
  box.addEventListener('focus', () => move('stay')); // the ring comes back where it was (or on the first neuron)
  box.addEventListener('blur', (e) => {
    // The inspector opened from here keeps the ring on its neuron.
    if (!(e.relatedTarget && $('inspector').contains(e.relatedTarget))) move('clear');
  });

  return {
    // onStatus shows a status's summary and, when new, its speech.
    onStatus(st) {
      if (st.summary && summary.textContent !== st.summary) summary.textContent = st.summary;
      const sp = st.speech;
      if (!sp || !sp.seq) return;
      const key = sp.seq + '|' + sp.text; // a new run's narrator counts from 1 again
      if (key === spoken) return;
      spoken = key;
      say(region, sp.text);
      region.dataset.neurons = sp.neurons; // what the sentence states, for tests
      region.dataset.cycle = sp.cycle;
    },
    focused: () => focused,
  };
}
