// Metric page: identity, current properties, its Canary status with the fact behind it, renames, and the
// version timeline with each version's diff (old → new), newest first; older versions load on request.

import { badge, el, getJson, shown, when } from './dom.js';

function propertiesTable(props) {
  if (!props.length) return el('p', { 'data-testid': 'properties' }, 'No properties.');
  return el(
    'table',
    { 'data-testid': 'properties' },
    el('caption', {}, 'Current properties'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'key'),
        el('th', { scope: 'col' }, 'type'),
        el('th', { scope: 'col' }, 'value'),
      ),
    ),
    el(
      'tbody',
      {},
      props.map((p) =>
        el(
          'tr',
          { 'data-testid': 'property', 'data-key': p.key },
          el('th', { scope: 'row' }, p.key),
          el('td', {}, p.type),
          el(
            'td',
            { 'data-testid': 'property-value' },
            typeof p.value === 'string' ? p.value : JSON.stringify(p.value),
          ),
        ),
      ),
    ),
  );
}

function difference(d) {
  const text = {
    missing_tag: () => `the tag is missing in Canary (${d.keys} properties)`,
    missing_key: () => `${d.key}: DB ${shown(d.expected)}, missing in Canary`,
    differs: () => `${d.key}: DB ${shown(d.expected)}, Canary ${shown(d.actual)}`,
    extra_key: () => `${d.key}: only in Canary, ${shown(d.actual)}`,
  }[d.kind];
  return el('li', { 'data-testid': 'canary-difference', 'data-key': d.key ?? '' }, text ? text() : JSON.stringify(d));
}

/** The API's status (see GET /api/metrics/:id) with what makes it true: when, why, who owns the tag. */
function canaryFact(c) {
  const owner =
    c.conflict &&
    el(
      'a',
      { href: `#/metric/${c.conflict.ownerMetricId}`, 'data-testid': 'canary-owner' },
      c.conflict.ownerUnsPath ?? `metric ${c.conflict.ownerMetricId}`,
    );
  const detail = {
    conflict: () => [
      `tag ${c.conflict?.canaryId} belongs to `,
      owner,
      `; not sent (since ${when(c.conflict?.detectedAt)})`,
    ],
    dead_lettered: () => [
      `${c.deadLetters} dead letter(s), latest ${when(c.deadLetter?.failedAt)}: ${c.deadLetter?.reason ?? '—'}`,
    ],
    pending: () => [`${c.pending} change(s) waiting since ${when(c.enqueuedAt)}`],
    drift: () => [`Canary differs, found by canary.parity at ${when(c.drift?.foundAt)}`],
    delivered: () => [`at ${when(c.deliveredAt)}`],
    never_sent: () => ['nothing delivered, nothing pending'],
  }[c.status];
  const earlier = c.status !== 'delivered' && c.deliveredAt ? `; last delivered ${when(c.deliveredAt)}` : '';
  return [
    badge(c.status ?? 'unknown', 'canary-status'),
    ' ',
    el('span', { 'data-testid': 'canary-detail' }, ...(detail ? detail() : []), earlier),
    c.drift?.differences?.length
      ? el('ul', { 'data-testid': 'canary-drift' }, c.drift.differences.map(difference))
      : null,
  ];
}

function version(v) {
  const keys = Object.keys(v.diff ?? {});
  return el(
    'li',
    { 'data-testid': 'version', 'data-version-id': v.versionId, 'data-op': v.op },
    el('p', {}, el('strong', {}, v.op), ` at ${when(v.changedAt)}`, v.changedBy ? ` by ${v.changedBy}` : ''),
    keys.length
      ? el(
          'table',
          { class: 'diff' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'col' }, 'key'),
              el('th', { scope: 'col' }, 'old'),
              el('th', { scope: 'col' }, ''),
              el('th', { scope: 'col' }, 'new'),
            ),
          ),
          el(
            'tbody',
            {},
            keys.map((k) =>
              el(
                'tr',
                { 'data-testid': 'diff-row', 'data-key': k },
                el('th', { scope: 'row' }, k),
                el('td', { class: 'old' }, shown(v.diff[k].old)),
                el('td', { 'aria-hidden': 'true' }, '→'),
                el('td', { class: 'new' }, shown(v.diff[k].new)),
              ),
            ),
          ),
        )
      : el('p', { class: 'muted' }, 'no property changes'),
  );
}

async function timeline(id) {
  const list = el('ol', { class: 'timeline', 'data-testid': 'versions' });
  const more = el('button', { type: 'button', hidden: true, 'data-testid': 'versions-more' }, 'Older versions');
  let cursor = null;
  const load = async () => {
    const r = await getJson(`/api/metrics/${id}/versions${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    list.append(...r.items.map(version));
    cursor = r.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', load);
  await load();
  return el('section', { 'aria-labelledby': 'versions-h' }, el('h3', { id: 'versions-h' }, 'Versions'), list, more);
}

function lineage(items) {
  return el(
    'section',
    { 'aria-labelledby': 'lineage-h' },
    el('h3', { id: 'lineage-h' }, 'Renames'),
    items.length
      ? el(
          'ul',
          { 'data-testid': 'lineage' },
          items.map((r) =>
            el('li', { 'data-testid': 'rename' }, `${r.oldPath} → ${r.newPath} at ${when(r.changedAt)}`),
          ),
        )
      : el('p', { 'data-testid': 'lineage' }, 'Never renamed.'),
  );
}

export async function renderMetric(main, id) {
  const [m, lin] = await Promise.all([getJson(`/api/metrics/${id}`), getJson(`/api/metrics/${id}/lineage`)]);
  const c = m.canary ?? {};
  const device = m.device
    ? `${m.device.group} / ${m.device.edge}${m.device.device ? ` / ${m.device.device}` : ''}`
    : '—';
  main.append(
    el('h2', { 'data-testid': 'metric-path' }, m.unsPath),
    el('p', {}, el('a', { href: `#/browse?path=${encodeURIComponent(m.unsPath)}` }, 'Show in the tree')),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'name'),
      el('dd', {}, m.name),
      el('dt', {}, 'datatype'),
      el('dd', {}, m.datatype),
      el('dt', {}, 'device'),
      el('dd', {}, device),
      el('dt', {}, 'Canary id'),
      el('dd', {}, m.canaryId ?? '—'),
      el('dt', {}, 'Canary'),
      el('dd', {}, canaryFact(c)),
      el('dt', {}, 'state'),
      el(
        'dd',
        { 'data-testid': 'metric-state' },
        m.retiredAt ? [badge('retired'), ` since ${when(m.retiredAt)}`] : 'active',
      ),
      el('dt', {}, 'created'),
      el('dd', {}, when(m.createdAt)),
      el('dt', {}, 'updated'),
      el('dd', {}, when(m.updatedAt)),
    ),
    propertiesTable(m.properties ?? []),
    lineage(lin.items ?? []),
    await timeline(id),
  );
}
