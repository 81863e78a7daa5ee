// The dashboard's entry: the admin-token field and the hash router (#/pipeline, #/browse, #/metric/<id>,
// #/checks, #/queues). Each page renders into <main> and may return a cleanup (e.g. to stop polling).

import { adminToken, el, errorBox } from './dom.js';
import { renderPipeline } from './pipeline.js';
import { renderBrowse } from './browse.js';
import { renderMetric } from './metric.js';
import { renderChecks } from './checks.js';
import { renderQueues } from './queues.js';

const ROUTES = [
  [/^#\/pipeline$/, renderPipeline],
  [/^#\/browse(?:\?(.*))?$/, (main, m) => renderBrowse(main, new URLSearchParams(m[1] ?? ''))],
  [/^#\/metric\/(\d+)$/, (main, m) => renderMetric(main, m[1])],
  [/^#\/checks$/, renderChecks],
  [/^#\/queues$/, renderQueues],
];

let cleanup = null;

async function route(event) {
  const main = document.getElementById('page');
  if (cleanup) cleanup();
  cleanup = null;
  const hash = location.hash || '#/pipeline';
  const found = ROUTES.find(([re]) => re.test(hash));
  main.replaceChildren();
  for (const a of document.querySelectorAll('nav a'))
    a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href')));
  if (!found) {
    main.append(el('p', {}, `No page at ${hash}. `), el('a', { href: '#/pipeline' }, 'Go to the pipeline'));
    return;
  }
  try {
    cleanup = (await found[1](main, found[0].exec(hash))) ?? null;
  } catch (err) {
    main.append(errorBox(err));
  }
  // After an in-page navigation, move focus to the new content so screen readers announce it.
  if (event) main.focus({ preventScroll: true });
}

function tokenForm() {
  const input = document.getElementById('admin-token');
  const state = document.getElementById('token-state');
  const show = () => (state.textContent = adminToken.get() ? 'token set for this tab' : 'read-only (no token)');
  document.getElementById('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    adminToken.set(input.value.trim());
    input.value = '';
    show();
  });
  document.getElementById('token-clear').addEventListener('click', () => {
    adminToken.set('');
    show();
  });
  show();
}

tokenForm();
/** The header's search, on every page: opens the Namespace page with the query run (#/browse?q=…). */
function headerSearch() {
  const form = document.getElementById('header-search');
  const input = document.getElementById('header-q');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const hash = `#/browse?${new URLSearchParams({ q })}`;
    if (location.hash === hash) route(e);
    else location.hash = hash;
  });
}

headerSearch();
window.addEventListener('hashchange', route);
// A click on the link of the page already shown changes no hash; it should still reload that page.
document.querySelector('nav').addEventListener('click', (e) => {
  if (e.target.closest('a')?.getAttribute('href') === location.hash) route(e);
});
route();
