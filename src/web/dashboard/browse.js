// UNS browser: a search box over metric paths and names, and a lazily loaded tree group → edge → device →
// path segments with metric counts; edge nodes and devices show whether they are online, offline or
// unknown. #/browse?path=a/b/c opens the tree down to that node; #/browse?q=… runs that search (the
// header's search box on every page leads here).

import { badge, el, errorBox, getJson, qs } from './dom.js';

async function children(path) {
  return (await getJson(`/api/tree${qs({ path })}`)).children ?? [];
}

function node(child) {
  const li = el('li', { 'data-testid': 'tree-node', 'data-path': child.path, 'data-kind': child.kind });
  if (child.kind === 'metric') {
    li.append(
      el('a', { href: `#/metric/${child.metricId}`, 'data-testid': 'tree-metric' }, child.name),
      ' ',
      el('span', { class: 'muted' }, 'metric'),
    );
    return li;
  }
  const group = el('ul', { hidden: true });
  const toggle = el(
    'button',
    { type: 'button', class: 'twisty', 'aria-expanded': 'false', 'data-testid': 'tree-toggle' },
    child.name,
  );
  const state = child.state ? [' ', badge(child.state, 'device-state')] : [];
  li.append(
    toggle,
    ...state,
    ' ',
    el('span', { class: 'muted' }, `${child.kind} · ${child.metricCount} metrics`),
    group,
  );
  let loaded = false;
  li.expand = async () => {
    if (!loaded) {
      loaded = true;
      try {
        group.replaceChildren(...(await children(child.path)).map(node));
      } catch (err) {
        loaded = false;
        group.replaceChildren(el('li', {}, errorBox(err)));
      }
    }
    group.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
  };
  toggle.addEventListener('click', () =>
    toggle.getAttribute('aria-expanded') === 'true'
      ? ((group.hidden = true), toggle.setAttribute('aria-expanded', 'false'))
      : li.expand(),
  );
  return li;
}

/** Opens the tree node by node along `path` (each level's children name the next level's path). */
async function openTo(tree, path) {
  let list = tree;
  for (;;) {
    const items = [...list.children].filter(
      (li) => li.dataset.path && (path === li.dataset.path || path.startsWith(`${li.dataset.path}/`)),
    );
    const li = items.sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
    if (!li?.expand) return li?.scrollIntoView({ block: 'center' });
    await li.expand();
    if (li.dataset.path === path) return li.scrollIntoView({ block: 'center' });
    list = li.querySelector('ul');
  }
}

const hit = (m) =>
  el(
    'li',
    { 'data-testid': 'search-result', 'data-metric-id': m.metricId },
    el('a', { href: `#/metric/${m.metricId}` }, m.unsPath),
    ' ',
    el('span', { class: 'muted' }, m.datatype),
    m.retired ? [' ', badge('retired')] : null,
  );

function searchForm(results, initial) {
  const input = el('input', {
    id: 'search',
    type: 'search',
    name: 'q',
    placeholder: 'path fragment or name',
    'data-testid': 'search-input',
    value: initial ?? '',
  });
  const run = async (e) => {
    e?.preventDefault();
    const q = input.value.trim();
    if (!q) return results.replaceChildren();
    const count = el('p', { role: 'status' });
    const list = el('ul', {});
    const more = el('button', { type: 'button', hidden: true, 'data-testid': 'search-more' }, 'More results');
    let cursor = null;
    // Pages of 50 with the API's opaque cursor; "More results" appends the next page.
    const page = async () => {
      const r = await getJson(`/api/metrics${qs({ q, limit: 50, cursor })}`);
      list.append(...r.items.map(hit));
      cursor = r.nextCursor;
      more.hidden = !cursor;
      count.textContent = `${list.children.length}${cursor ? '+' : ''} metrics match “${q}”`;
    };
    more.addEventListener('click', () => page().catch((err) => results.append(errorBox(err))));
    try {
      await page();
      results.replaceChildren(count, list, more);
    } catch (err) {
      results.replaceChildren(errorBox(err));
    }
  };
  const form = el(
    'form',
    { role: 'search', onsubmit: run, 'data-testid': 'search-form' },
    el('label', { for: 'search' }, 'Search metrics '),
    input,
    ' ',
    el('button', { type: 'submit', id: 'search-submit' }, 'Search'),
  );
  return { form, run };
}

export async function renderBrowse(main, params) {
  const results = el('div', { 'data-testid': 'search-results', 'aria-live': 'polite' });
  // Nested lists with disclosure buttons (aria-expanded): keyboard and screen readers work without a tree widget.
  const tree = el('ul', { class: 'tree', 'aria-label': 'Unified Namespace', 'data-testid': 'tree' });
  const search = searchForm(results, params.get('q'));
  main.append(el('h2', {}, 'Namespace'), search.form, results, el('h3', {}, 'Tree'), tree);
  if (params.get('q')) await search.run();
  tree.replaceChildren(...(await children('')).map(node));
  const path = params.get('path');
  if (path) await openTo(tree, path);
}
