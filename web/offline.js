// Offline use: registers the page's service worker (sw.js beside
// index.html, its scope the page's folder, whatever the sub-path), which
// keeps this build's files so that the page works without a network once
// visited. When a new build has been installed in the background, a
// message offers to reload into it; the worker lets it take over only when
// this is the page's only tab, so no tab ever runs a mix of two builds.
// window.diffstructOffline shows the state (for tests).
const state = window.diffstructOffline = { supported: 'serviceWorker' in navigator, registered: false, error: '', waiting: false, failed: 0 };

if (state.supported) {
  // After the page's own start-up (the view's first frames come a second or
  // two after load): installing fetches and hashes every file again.
  const later = () => setTimeout(() => (window.requestIdleCallback || setTimeout)(register, { timeout: 2000 }), 3000);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

async function register() {
  const root = new URL('../', import.meta.url);
  const sw = navigator.serviceWorker;
  let reg;
  try {
    reg = await sw.register(new URL('sw.js', root), { scope: root.href });
  } catch (e) {
    state.error = String((e && e.message) || e); // an HTTP page, or a host without sw.js: online only
    return;
  }
  state.registered = true;
  let controlled = !!sw.controller;
  sw.addEventListener('controllerchange', () => {
    // A new build took over (the first install only claims the page).
    if (controlled && sw.controller) location.reload();
    controlled = true;
  });
  sw.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'update' && !e.data.ok) {
      notice(`The new version starts once this page's other ${e.data.tabs - 1 === 1 ? 'tab is' : (e.data.tabs - 1) + ' tabs are'} closed.`);
    }
  });
  const offer = () => {
    if (!reg.waiting || !sw.controller) return;
    state.waiting = true;
    notice('A new version of this page is ready.', 'Reload', () => reg.waiting && reg.waiting.postMessage({ op: 'update' }));
  };
  offer();
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    let installed = false;
    if (w) w.addEventListener('statechange', () => {
      if (w.state === 'installed') { installed = true; offer(); }
      if (w.state === 'redundant' && !installed) state.failed++; // the host served another build's file: tried again next visit
    });
  });
}

// notice shows one message in the page's message area, with a button.
function notice(text, label, onClick) {
  const box = document.getElementById('messages');
  if (!box) return;
  let div = box.querySelector('[data-key="offline-update"]');
  if (!div) {
    div = document.createElement('div');
    div.className = 'msg info';
    div.dataset.key = 'offline-update';
    box.append(div);
  }
  const span = document.createElement('span');
  span.textContent = text + ' ';
  div.replaceChildren(span);
  if (label) {
    const b = document.createElement('button');
    b.id = 'offline-update';
    b.textContent = label;
    b.style.textDecoration = 'underline';
    b.onclick = onClick;
    span.append(b);
  }
}
