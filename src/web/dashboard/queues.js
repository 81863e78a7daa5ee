// Quarantine and Canary dead letters, with retry/drop buttons. The actions send the tab's admin token;
// a refusal shows the server's own message. Reading needs no token.

import { badge, el, errorBox, getJson, postJson, when } from './dom.js';

const TABLES = [
  {
    id: 'quarantine',
    title: 'Quarantine',
    api: '/api/quarantine',
    cols: [
      ['id', 'id'],
      ['topic', 'topic'],
      ['received', (r) => when(r.receivedAt)],
      ['code', 'code'],
      ['message', 'message'],
    ],
  },
  {
    id: 'dead-letters',
    title: 'Canary dead letters',
    api: '/api/canary/dead-letters',
    cols: [
      ['id', 'id'],
      ['Canary id', 'canaryId'],
      ['reason', 'reason'],
      ['HTTP status', 'statusCode'],
      ['failed', (r) => when(r.failedAt)],
      ['attempts', 'attempts'],
    ],
  },
];

// Dead letters answer { done: [ids], skipped: [ids] }; quarantine { status, outcome, reason } of the re-applied birth.
function actionSummary(verb, r) {
  const n = (x) => (Array.isArray(x) ? x.length : Number(x ?? 0));
  if (r && 'done' in r) return `${verb}: ${n(r.done)} done, ${n(r.skipped)} skipped`;
  if (r?.status)
    return `${verb}: ${r.status}${r.outcome ? ` (birth ${r.outcome}${r.reason ? `: ${r.reason}` : ''})` : ''}`;
  return `${verb}: done`;
}

async function section(t) {
  const message = el('p', { 'aria-live': 'polite', 'data-testid': `${t.id}-message`, class: 'action-message' });
  const body = el('div', {});
  const load = async () => {
    const { items } = await getJson(t.api);
    if (!items.length) return body.replaceChildren(el('p', { 'data-testid': `${t.id}-empty` }, 'Nothing here.'));
    const act = (row, verb) => async () => {
      message.classList.remove('error');
      try {
        message.textContent = `${verb} ${row.id}…`;
        message.textContent = actionSummary(`${verb} ${row.id}`, await postJson(`${t.api}/${row.id}/${verb}`));
        await load();
      } catch (err) {
        message.classList.add('error');
        message.textContent = `${verb} ${row.id} refused: ${err.message}`;
      }
    };
    body.replaceChildren(
      el(
        'table',
        { 'data-testid': `${t.id}-table` },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            t.cols.map(([h]) => el('th', { scope: 'col' }, h)),
            el('th', { scope: 'col' }, 'status'),
            el('th', { scope: 'col' }, 'actions'),
          ),
        ),
        el(
          'tbody',
          {},
          items.map((row) =>
            el(
              'tr',
              { 'data-testid': `${t.id}-row`, 'data-id': row.id },
              t.cols.map(([, f]) => el('td', {}, String((typeof f === 'function' ? f(row) : row[f]) ?? '—'))),
              el('td', {}, badge(row.status, `${t.id}-status`)),
              // Only open entries can be acted on; the server would refuse the others anyway.
              el(
                'td',
                {},
                row.status === 'open'
                  ? [
                      el(
                        'button',
                        { type: 'button', 'data-testid': `${t.id}-retry`, onclick: act(row, 'retry') },
                        'Retry',
                      ),
                      ' ',
                      el(
                        'button',
                        { type: 'button', 'data-testid': `${t.id}-drop`, onclick: act(row, 'drop') },
                        'Drop',
                      ),
                    ]
                  : '—',
              ),
            ),
          ),
        ),
      ),
    );
  };
  try {
    await load();
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
  return el(
    'section',
    { 'data-testid': t.id, 'aria-labelledby': `${t.id}-h` },
    el('h3', { id: `${t.id}-h` }, t.title),
    message,
    body,
  );
}

export async function renderQueues(main) {
  main.append(
    el('h2', {}, 'Quarantine and dead letters'),
    el(
      'p',
      { class: 'muted' },
      'Retry and drop need the admin token (field at the top); without it the server refuses.',
    ),
    ...(await Promise.all(TABLES.map(section))),
  );
}
