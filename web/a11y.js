// Accessibility of the view: projector mode, high contrast and reduced
// motion. The page gathers what the visitor asked for (the link's big and
// contrast keys, the browser's prefers-contrast and prefers-reduced-motion)
// and hands it to the network view (diffstructGraph.prefs), whose Go
// decides the style (wasm/scene/style.go); the page's own styles follow
// that decision through classes on <html>: big, contrast, still.

// setupAccess wires the projector and contrast buttons; onMeta(meta) takes
// the link state after every reply of the worker.
export function setupAccess({ $, command, graph }) {
  const root = document.documentElement;
  const media = (q) => (window.matchMedia ? window.matchMedia(q) : { matches: false, addEventListener() {} });
  const moreContrast = media('(prefers-contrast: more)');
  const reduce = media('(prefers-reduced-motion: reduce)');
  let link = { big: false, contrast: false }, sentTo = null, sent = '', decided = null;

  const prefs = () => ({ big: link.big, contrast: link.contrast, moreContrast: moreContrast.matches, reducedMotion: reduce.matches });

  // apply shows the style decided (by the view's Go; by the same rule when
  // the view cannot run) in the page and on the buttons.
  function apply(st) {
    decided = st;
    const before = root.className;
    root.classList.toggle('big', st.zoom > 1);
    root.classList.toggle('contrast', st.name === 'contrast');
    root.classList.toggle('still', !st.motion);
    // The charts and the page's layout follow the sizes: redraw them.
    if (root.className !== before) window.dispatchEvent(new Event('resize'));
    for (const [id, on] of [['big-on', link.big], ['contrast-on', st.name === 'contrast']]) {
      const b = $(id);
      if (b) b.setAttribute('aria-pressed', String(on));
    }
  }

  // send tells the view, when what was asked or the view itself changed.
  function send() {
    const p = prefs(), key = JSON.stringify(p);
    let api = null;
    try { api = graph(); } catch (e) { api = null; }
    if (api && api.prefs && (api !== sentTo || key !== sent)) {
      try {
        apply(api.prefs(p));
        sentTo = api; sent = key;
        return;
      } catch (e) { /* the view stopped: decide below */ }
    }
    if (!api || !api.prefs) {
      apply({ name: p.contrast || p.moreContrast ? 'contrast' : 'default', zoom: p.big ? 1.5 : 1, motion: !p.reducedMotion });
    }
  }

  for (const q of [moreContrast, reduce]) q.addEventListener('change', send);
  // The view installs its bridge once its module has started: look for it
  // until it has, and again whenever it is replaced.
  setInterval(send, 300);
  send();

  $('big-on').addEventListener('click', () => command('set', 'big', link.big ? '0' : '1'));
  $('contrast-on').addEventListener('click', () => {
    // With the browser asking for more contrast the theme is on anyway: the
    // button then only writes the key into the link.
    command('set', 'contrast', link.contrast ? '0' : '1');
  });

  return {
    onMeta(meta) {
      const st = (meta && meta.state) || {};
      link = { big: !!st.big, contrast: !!st.contrast };
      send();
    },
    stats: () => ({ asked: prefs(), decided }),
  };
}
