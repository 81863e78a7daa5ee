// Checks page: the latest verdict of every ops check grouped by cadence, its trend from the run history,
// the thresholds, the evidence and the remedy text.

import { badge, el, getJson, when } from './dom.js';
import { fmt, plot } from './plot.js';

const CADENCES = ['daily', 'weekly', 'monthly', 'quarterly'];

async function card(c) {
  const history = await getJson(`/api/checks/${encodeURIComponent(c.id)}/history`).catch(() => ({ items: [] }));
  const points = history.items.map((h) => ({ t: h.startedAt, v: h.value }));
  const unit = c.unit ? ` ${c.unit}` : '';
  return el(
    'article',
    {
      class: `card check check-${String(c.status).toLowerCase()}`,
      'data-testid': 'check',
      'data-check-id': c.id,
      'aria-label': c.title ?? c.id,
    },
    el('h4', {}, badge(c.status, 'check-status'), ' ', c.title ?? c.id),
    el('p', { class: 'muted' }, `${c.id} · last run ${when(c.startedAt)}`),
    el(
      'p',
      {},
      `value ${c.value === null || c.value === undefined ? '—' : fmt(c.value)}${unit}`,
      c.warn !== null && c.warn !== undefined ? ` · warn ${fmt(c.warn)}${unit}` : '',
      c.crit !== null && c.crit !== undefined ? ` · crit ${fmt(c.crit)}${unit}` : '',
    ),
    plot(points, { label: `${c.id} trend`, unit, testid: 'check-trend' }),
    c.status !== 'OK' && c.remedy
      ? el('p', { class: 'remedy', 'data-testid': 'check-remedy' }, el('strong', {}, 'Remedy: '), c.remedy)
      : null,
    c.remedy && c.status === 'OK'
      ? el('details', {}, el('summary', {}, 'Remedy'), el('p', { 'data-testid': 'check-remedy' }, c.remedy))
      : null,
    c.evidence && Object.keys(c.evidence).length
      ? el(
          'details',
          {},
          el('summary', {}, 'Evidence'),
          el('pre', { 'data-testid': 'check-evidence' }, JSON.stringify(c.evidence, null, 2)),
        )
      : null,
  );
}

export async function renderChecks(main) {
  const { items } = await getJson('/api/checks');
  main.append(el('h2', {}, 'Checks'));
  const counts = {};
  for (const c of items) counts[c.status] = (counts[c.status] ?? 0) + 1;
  main.append(
    el(
      'p',
      { role: 'status', 'data-testid': 'checks-summary' },
      Object.entries(counts)
        .map(([s, n]) => `${n} ${s}`)
        .join(' · ') || 'No check has run yet.',
    ),
  );
  const known = [...CADENCES, ...new Set(items.map((c) => c.cadence).filter((c) => !CADENCES.includes(c)))];
  for (const cadence of known) {
    const mine = items.filter((c) => c.cadence === cadence);
    if (!mine.length) continue;
    main.append(
      el(
        'section',
        { 'data-testid': `cadence-${cadence}`, 'aria-labelledby': `cadence-${cadence}-h` },
        el('h3', { id: `cadence-${cadence}-h` }, cadence),
        el('div', { class: 'cards' }, await Promise.all(mine.map(card))),
      ),
    );
  }
}
