// Pipeline page: broker, database, CDC (with its latest initial snapshot) and Canary state, the rates,
// and their recent series as plots. Polls /api/pipeline every 5 s while shown.

import { badge, el, errorBox, getJson, when } from './dom.js';
import { fmt, plot } from './plot.js';

function component(name, c, extra = []) {
  return el(
    'section',
    { class: 'card', 'data-testid': `component-${name}`, 'aria-label': name },
    el(
      'h3',
      {},
      name,
      ' ',
      badge(c?.ok === null || c?.ok === undefined ? 'OFF' : c.ok ? 'OK' : 'DOWN', `component-${name}-status`),
    ),
    el('p', { class: 'detail' }, c?.detail ?? ''),
    extra.length
      ? el(
          'dl',
          {},
          extra.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
        )
      : null,
  );
}

/** The latest initial snapshot: when, why, how many metrics — or that CDC never needed one. */
function snapshot(x) {
  const text = !x
    ? 'none taken'
    : `${when(x.startedAt)} · ${x.reason} · ${x.metrics} metrics${x.finishedAt ? '' : ' · running'}`;
  return el('span', { 'data-testid': 'cdc-snapshot' }, text);
}

function view(p) {
  const series = (key) => (p.series ?? []).map((s) => ({ t: s.t, v: s[key] }));
  const figure = (key, label, unit) =>
    el(
      'figure',
      { class: 'card' },
      plot(series(key), { label, unit, testid: `plot-${key}` }),
      el('figcaption', {}, label),
    );
  return el(
    'div',
    {},
    el('p', { class: 'muted' }, `as of ${when(p.at)}`),
    el(
      'div',
      { class: 'cards' },
      component('broker', p.broker),
      component('database', p.database),
      component('cdc', p.cdc, [
        ['leader', String(p.cdc?.leader ?? '—')],
        ['streaming', String(p.cdc?.streaming ?? '—')],
        ['pending changes', fmt(p.cdc?.pending)],
        ['slot lag', `${fmt(p.cdc?.lagBytes)} B`],
        ['last snapshot', snapshot(p.cdc?.lastSnapshot)],
      ]),
      component('canary', p.canary, [
        ['breaker', String(p.canary?.circuit ?? '—')],
        ['outbox depth', fmt(p.canary?.outboxDepth)],
        ['dead letters', fmt(p.canary?.deadLetters)],
      ]),
    ),
    el('h2', {}, 'Rates'),
    el(
      'dl',
      { class: 'rates' },
      el('dt', {}, 'births / min'),
      el('dd', { 'data-testid': 'births-per-minute' }, fmt(p.rates?.birthsPerMinute)),
      el('dt', {}, 'rows written / min'),
      el('dd', { 'data-testid': 'rows-per-minute' }, fmt(p.rates?.rowsWrittenPerMinute)),
    ),
    el(
      'div',
      { class: 'cards' },
      figure('birthsPerMinute', 'births / min', ''),
      figure('rowsWrittenPerMinute', 'rows written / min', ''),
      figure('outboxDepth', 'Canary outbox depth', ''),
      figure('slotLagBytes', 'replication slot lag', ' B'),
    ),
  );
}

export async function renderPipeline(main) {
  main.append(el('h2', {}, 'Pipeline'));
  const body = el('div', { 'data-testid': 'pipeline' });
  main.append(body);
  const load = async () => {
    try {
      body.replaceChildren(view(await getJson('/api/pipeline')));
    } catch (err) {
      body.replaceChildren(errorBox(err));
    }
  };
  await load();
  const timer = setInterval(load, 5000);
  return () => clearInterval(timer);
}
