// The dashboard in real Chromium against the real service (runService: PostgreSQL 16 clone, broker, CDC,
// Canary simulator, API) fed by a Sparkplug edge node over MQTT: search, tree, metric page and its new
// version's exact diff, an induced CRIT on the checks page, the token rule on a dead-letter retry, and a
// metric's Canary status as a fact (delivered, drift found by canary.parity, a conflict naming the owner).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runService, type RunningService } from '../../src/cli/service-runner.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/embedded/broker.js';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TestEdge, type EdgeMetric } from '../support/edge.js';
import { eventually } from '../support/live-service.js';
import { canaryTimestamp } from '../../src/canary/entries.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';
import { openSession, post } from '../canary/sim-client.js';
import { checkRunner, opsConfig } from '../support/ops-check.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { opsSettings } from '../../src/cli/settings.js';

const TOKEN = `dash-${process.pid}-admin`;
// expect.poll gives up after 1 s by default; the page's requests and the service's ingest may take longer.
const WAIT = { timeout: 15_000, interval: 100 };
const slot = `t_dashboard_${process.pid}`;
let db: TestDatabase;
let broker: EmbeddedBroker;
let service: RunningService | null = null;
let edge: TestEdge;
let b: TestBrowser;

/** Kiln-1's metrics; later births change a unit, rename the fan metric and stop declaring the fuel flow. */
const kiln = (unit: string, o: { fan?: string; fuel?: boolean } = {}): EdgeMetric[] => [
  {
    name: 'Burner/Flame Temperature',
    alias: 1n,
    datatype: 'Float',
    props: {
      engUnit: { type: 'String', value: unit },
      engHigh: { type: 'Double', value: 1600 },
      Documentation: { type: 'String', value: 'main burner flame' },
    },
  },
  ...(o.fuel === false
    ? []
    : [
        {
          name: 'Burner/Fuel Flow',
          alias: 2n,
          datatype: 'Float',
          props: { engUnit: { type: 'String', value: 't/h' } },
        },
      ]),
  {
    name: o.fan ?? 'Fan/Speed',
    alias: 3n,
    datatype: 'Int32',
    props: { engUnit: { type: 'String', value: 'rpm' }, Documentation: { type: 'String', value: 'ID fan' } },
  },
];

const flame = async () =>
  (
    await db.pool.query<{ metric_id: string; uns_path: string; canary_id: string }>(
      `SELECT metric_id::text, uns_path, canary_id FROM uns_meta.metrics WHERE name = 'Burner/Flame Temperature'`,
    )
  ).rows[0];
const engUnit = async () =>
  (
    await db.pool.query<{ value_string: string }>(
      `SELECT p.value_string FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = 'Burner/Flame Temperature' AND p.key = 'engUnit'`,
    )
  ).rows[0]?.value_string;

beforeAll(async () => {
  db = await cloneDatabase('web_dashboard');
  broker = await startEmbeddedBroker({ port: 0 });
  const config = loadConfig(
    {
      DATABASE_URL: db.appUrl,
      PG_REPL_URL: db.urlAs('uns_meta_cdc'),
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `dashboard-${process.pid}`,
      CDC_SLOT: slot,
      HTTP_PORT: '0',
      ADMIN_TOKEN: TOKEN,
      OPS_SCHEDULE: 'off',
      BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-dashboard-')),
    },
    { envFile: '/nonexistent' },
  );
  service = await runService(config, { logLevel: 'silent', debounceSeconds: 1, print: () => undefined });
  edge = new TestEdge('DashCo', 'Maceira');
  edge.devices.set('Kiln-1', kiln('°C'));
  edge.devices.set('Packer-2', TestEdge.metrics(60)); // more hits than one page of search results
  await edge.connect(broker.url);
  await edge.publishBirths();
  await eventually(flame, (m) => m !== undefined, 20_000, 'the edge node birth in uns_meta.metrics');
  const count = async () =>
    Number(
      (await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM uns_meta.metrics WHERE name LIKE 'Area/%'`))
        .rows[0]?.n,
    );
  await eventually(count, (n) => n === 60, 20_000, "Packer-2's 60 metrics");
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await edge?.stop();
  await service?.stop();
  await dropSlotWhenReleased(db, slot);
  await broker?.stop();
});

/** A fresh load of the page at `hash` (going to the hash already shown would not re-render it). */
const go = async (hash: string) => {
  await b.page.goto('about:blank');
  await b.page.goto(`${service?.httpUrl}/${hash}`);
};
const byTestId = (id: string) => b.page.getByTestId(id);

describe('dashboard in Chromium', () => {
  it('search finds the metric by a fragment of its path; the tree expands down to it; its page shows the properties', async () => {
    const m = await flame();
    if (!m) throw new Error('no metric');
    const segments = m.uns_path.split('/');
    const fragment = (segments.at(-1) as string).slice(1, 8);
    await go('#/browse');
    await byTestId('search-input').fill(fragment);
    await byTestId('search-input').press('Enter');
    const hit = b.page.locator(`[data-testid="search-result"][data-metric-id="${m.metric_id}"]`);
    await expect.poll(() => hit.count(), WAIT).toBe(1);
    expect(await hit.locator('a').textContent()).toBe(m.uns_path);

    // Group → edge → device → path segments, one click per level; the device counts its 3 metrics and is online.
    for (let n = 1; n < segments.length; n++) {
      const node = b.page.locator(`[data-testid="tree-node"][data-path="${segments.slice(0, n).join('/')}"]`);
      if (n === 3) expect(await node.locator('> .muted').textContent()).toBe('device · 3 metrics');
      // Edge node and device show whether they are alive (their births were received by this service).
      if (n === 2 || n === 3) expect(await node.locator('> [data-testid="device-state"]').textContent()).toBe('online');
      if (n === 1) expect(await node.locator('> [data-testid="device-state"]').count()).toBe(0);
      await node.locator('> [data-testid="tree-toggle"]').click();
      await expect.poll(() => node.locator('> ul > li').count(), WAIT).toBeGreaterThan(0);
    }
    const leaf = b.page.locator(`[data-testid="tree-node"][data-path="${m.uns_path}"] [data-testid="tree-metric"]`);
    await leaf.waitFor();
    await b.shot('browse');
    await leaf.click();

    await expect.poll(() => byTestId('metric-path').textContent(), WAIT).toBe(m.uns_path);
    const prop = (key: string) =>
      b.page.locator(`[data-testid="property"][data-key="${key}"] [data-testid="property-value"]`).textContent();
    expect(await prop('engUnit')).toBe('°C');
    expect(await prop('engHigh')).toBe('1600');
    expect(await prop('Documentation')).toBe('main burner flame');
    expect(b.page.url()).toMatch(new RegExp(`#/metric/${m.metric_id}$`));
    await b.shot('metric');
  });

  it('search pages through more hits than fit one page', async () => {
    await go('#/browse');
    await byTestId('search-input').fill('Packer-2/Area');
    await byTestId('search-input').press('Enter');
    const hits = byTestId('search-result');
    await expect.poll(() => hits.count(), WAIT).toBe(50);
    expect(await b.page.getByRole('status').filter({ hasText: 'match' }).textContent()).toBe(
      '50+ metrics match “Packer-2/Area”',
    );
    await byTestId('search-more').click();
    await expect.poll(() => hits.count(), WAIT).toBe(60);
    expect(await b.page.getByRole('status').filter({ hasText: 'match' }).textContent()).toBe(
      '60 metrics match “Packer-2/Area”',
    );
    expect(await byTestId('search-more').isHidden()).toBe(true);
    expect(new Set(await hits.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-metric-id')))).size).toBe(60);
  });

  it('the header search is on every page and opens the Namespace page with the hits', async () => {
    const m = await flame();
    if (!m) throw new Error('no metric');
    for (const page of ['#/pipeline', '#/checks', '#/queues', `#/metric/${m.metric_id}`]) {
      await go(page);
      await byTestId('header-search-input').fill('Packer-2/Area');
      await byTestId('header-search-input').press('Enter');
      await expect.poll(() => b.page.url(), WAIT).toMatch(/#\/browse\?q=Packer-2%2FArea$/);
      await expect.poll(() => byTestId('search-result').count(), WAIT).toBe(50);
      expect(await byTestId('search-input').inputValue()).toBe('Packer-2/Area');
    }
  });

  it('after a newer birth changes a property, the metric page shows a new version with exactly that diff', async () => {
    const m = await flame();
    await go(`#/metric/${m?.metric_id}`);
    const versions = b.page.locator('[data-testid="version"]');
    await byTestId('versions').waitFor();
    const before = await versions.count();

    edge.devices.set('Kiln-1', kiln('K'));
    await edge.publishBirths();
    await eventually(engUnit, (u) => u === 'K', 20_000, 'engUnit K stored');

    await b.page.reload();
    await expect.poll(() => versions.count(), WAIT).toBe(before + 1);
    const newest = versions.first();
    const rows = newest.locator('[data-testid="diff-row"]');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual(['engUnit']);
    expect(await rows.first().locator('.old').textContent()).toBe('"°C"');
    expect(await rows.first().locator('.new').textContent()).toBe('"K"');
    expect(
      await b.page.locator('[data-testid="property"][data-key="engUnit"] [data-testid="property-value"]').textContent(),
    ).toBe('K');
    await b.shot('metric-new-version');
  });

  it('a rename and a retirement from a later birth show on the metric pages; "Show in the tree" opens the tree there', async () => {
    const row = async (name: string) =>
      (
        await db.pool.query<{ metric_id: string; uns_path: string; retired: boolean }>(
          `SELECT metric_id::text, uns_path, retired_at IS NOT NULL AS retired FROM uns_meta.metrics WHERE name = $1`,
          [name],
        )
      ).rows[0];
    const fanBefore = await row('Fan/Speed');
    edge.devices.set('Kiln-1', kiln('K', { fan: 'Fan/Speed RPM', fuel: false }));
    await edge.publishBirths();
    const fuel = await eventually(
      () => row('Burner/Fuel Flow'),
      (r) => r?.retired === true,
      20_000,
      'the fuel flow retired',
    );
    const fan = await eventually(
      () => row('Fan/Speed RPM'),
      (r) => r !== undefined,
      20_000,
      'the renamed fan metric',
    );
    expect(fan?.metric_id).toBe(fanBefore?.metric_id);

    await go(`#/metric/${fan?.metric_id}`);
    await expect.poll(() => byTestId('metric-path').textContent(), WAIT).toBe(fan?.uns_path);
    const renames = await byTestId('rename').allTextContents();
    expect(renames).toHaveLength(1);
    expect(renames[0]?.startsWith(`${fanBefore?.uns_path} → ${fan?.uns_path} at 20`), renames[0]).toBe(true);
    const renamed = b.page.locator('[data-testid="version"]').first();
    expect(await renamed.getAttribute('data-op')).toBe('renamed');
    const pathRow = renamed.locator('[data-testid="diff-row"][data-key="uns_path"]');
    expect([await pathRow.locator('.old').textContent(), await pathRow.locator('.new').textContent()]).toEqual([
      JSON.stringify(fanBefore?.uns_path),
      JSON.stringify(fan?.uns_path),
    ]);
    await b.shot('metric-renamed');

    await b.page.getByRole('link', { name: 'Show in the tree' }).click();
    await b.page
      .locator(`[data-testid="tree-node"][data-path="${fan?.uns_path}"] [data-testid="tree-metric"]`)
      .waitFor();
    expect(
      await b.page
        .locator(`[data-testid="tree-node"][data-path="${fan?.uns_path.split('/').slice(0, 3).join('/')}"] > .muted`)
        .textContent(),
    ).toBe('device · 2 metrics');

    await go(`#/metric/${fuel?.metric_id}`);
    await expect.poll(() => byTestId('metric-state').textContent(), WAIT).toMatch(/^retired since \d{4}-/);
    await b.shot('metric-retired');
  });

  it('the checks page shows the CRIT of a NOT VALID constraint with its trend and remedy', async () => {
    await db.pool.query(
      `ALTER TABLE uns_meta.devices ADD CONSTRAINT chk_dashboard_not_valid CHECK (device <> '') NOT VALID`,
    );
    const run = checkRunner(db.pool);
    expect((await run('constraints.valid')).status).toBe('CRIT');
    expect((await run('constraints.valid')).status).toBe('CRIT');
    await go('#/checks');
    const card = b.page.locator(
      '[data-testid="cadence-weekly"] [data-testid="check"][data-check-id="constraints.valid"]',
    );
    await expect.poll(() => card.locator('[data-testid="check-status"]').textContent(), WAIT).toBe('CRIT');
    expect(await card.locator('[data-testid="check-remedy"]').textContent()).toContain('VALIDATE CONSTRAINT');
    expect(await card.locator('[data-testid="check-evidence"]').textContent()).toContain('chk_dashboard_not_valid');
    expect(await card.locator('[data-testid="check-trend"]').getAttribute('data-points')).toBe('2');
    await b.shot('checks');
  });

  it('a dead-letter retry is refused without the token (server message shown) and done with it', async () => {
    const m = await flame();
    const dl = await db.pool.query<{ id: string }>(
      `INSERT INTO uns_meta_sync.canary_dead_letters (metric_id, canary_id, payload, reason, status_code, attempts) VALUES ($1, $2, '{"engUnit":"°C"}', 'invalid_tag: rejected by Canary', '400', 3) RETURNING dead_letter_id::text AS id`,
      [m?.metric_id, m?.canary_id],
    );
    const id = dl.rows[0]?.id;
    const status = async () =>
      (
        await db.pool.query<{ status: string }>(
          'SELECT status FROM uns_meta_sync.canary_dead_letters WHERE dead_letter_id = $1',
          [id],
        )
      ).rows[0]?.status;
    await go('#/queues');
    const row = b.page.locator(`[data-testid="dead-letters-row"][data-id="${id}"]`);
    const message = byTestId('dead-letters-message');

    await row.locator('[data-testid="dead-letters-retry"]').click();
    await expect.poll(() => message.textContent(), WAIT).toContain('refused');
    expect(await message.textContent()).toBe(
      `retry ${id} refused: 401: missing or wrong admin token; send the header "Authorization: Bearer <ADMIN_TOKEN>"`,
    );
    expect(await status()).toBe('open');
    await b.shot('queues-refused');

    await b.page.locator('#admin-token').fill(TOKEN);
    await b.page.locator('#token-save').click();
    expect(await b.page.locator('#token-state').textContent()).toBe('token set for this tab');
    await row.locator('[data-testid="dead-letters-retry"]').click();
    await expect.poll(() => message.textContent(), WAIT).toBe(`retry ${id}: 1 done, 0 skipped`);
    expect(await status()).toBe('retried');
    // The page shows the answer first and then reloads the list: the row follows shortly after.
    await expect.poll(() => row.locator('[data-testid="dead-letters-status"]').textContent(), WAIT).toBe('retried');
    // The token lives in this tab's sessionStorage only, never in the page or in localStorage.
    expect(await b.page.evaluate(() => [localStorage.length, document.documentElement.outerHTML])).toEqual([
      0,
      expect.not.stringContaining(TOKEN),
    ]);
    await b.shot('queues');
  });

  it('a quarantined birth is listed with its code; drop is refused without the token and done with it', async () => {
    const topic = 'spBv1.0/DashCo/DBIRTH/Maceira/Broken';
    await edge.publish(topic, Buffer.from('definitely not a Sparkplug payload'));
    const q = await eventually(
      async () =>
        (
          await db.pool.query<{ id: string; error_code: string }>(
            'SELECT quarantine_id::text AS id, error_code FROM uns_meta_sync.quarantine WHERE topic = $1',
            [topic],
          )
        ).rows[0],
      (r) => r !== undefined,
      20_000,
      'the quarantine entry',
    );
    await go('#/queues');
    await b.page.locator('#token-clear').click();
    const row = b.page.locator(`[data-testid="quarantine-row"][data-id="${q?.id}"]`);
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining([topic, q?.error_code]));
    const message = byTestId('quarantine-message');
    await row.locator('[data-testid="quarantine-drop"]').click();
    await expect
      .poll(() => message.textContent(), WAIT)
      .toBe(
        `drop ${q?.id} refused: 401: missing or wrong admin token; send the header "Authorization: Bearer <ADMIN_TOKEN>"`,
      );

    await b.page.locator('#admin-token').fill(TOKEN);
    await b.page.locator('#token-save').click();
    await row.locator('[data-testid="quarantine-drop"]').click();
    await expect.poll(() => message.textContent(), WAIT).toBe(`drop ${q?.id}: dropped`);
    await expect.poll(() => row.locator('[data-testid="quarantine-status"]').textContent(), WAIT).toBe('dropped');
    expect(await row.locator('button').count()).toBe(0);
    expect(
      (await db.pool.query('SELECT status FROM uns_meta_sync.quarantine WHERE quarantine_id = $1', [q?.id])).rows,
    ).toEqual([{ status: 'dropped' }]);
    await b.shot('queues-quarantine');
  });

  it('pipeline page: broker, database and CDC are up; the four plots are drawn, with the sampled points', async () => {
    await go('#/pipeline');
    await expect.poll(() => byTestId('component-database-status').textContent(), WAIT).toBe('OK');
    expect(await byTestId('component-broker-status').textContent()).toBe('OK');
    for (const plot of ['plot-birthsPerMinute', 'plot-rowsWrittenPerMinute', 'plot-outboxDepth', 'plot-slotLagBytes'])
      expect(await byTestId(plot).count(), plot).toBe(1);
    // The service samples every 10 s and the page refreshes every 5 s: the first sample becomes a drawn point.
    await expect
      .poll(() => byTestId('plot-outboxDepth').getAttribute('data-points'), { timeout: 25_000, interval: 250 })
      .not.toBe('0');
    expect(await byTestId('plot-outboxDepth').locator('polyline').count()).toBe(1);
    expect(await byTestId('component-cdc-status').textContent()).toBe('OK');
    await b.shot('pipeline');
  });

  it('a metric page shows its Canary status as a fact: delivered at its time, drift found by canary.parity, a conflict naming the owner', async () => {
    const sim = service?.canary?.simulator;
    if (!sim) throw new Error('the service runs no embedded Canary simulator');
    const row = async (name: string) =>
      (
        await db.pool.query<{ metric_id: string; uns_path: string; canary_id: string }>(
          `SELECT metric_id::text, uns_path, canary_id FROM uns_meta.metrics WHERE name = $1`,
          [name],
        )
      ).rows[0];
    const [m, other] = [await row('Area/Line 1/Tag 1'), await row('Area/Line 3/Tag 3')];
    // Delivered by the service's own writer to its embedded simulator after the births above.
    const delivered = await eventually(
      async () =>
        (
          await db.pool.query<{ delivered_at: Date }>(
            'SELECT delivered_at FROM uns_meta_sync.canary_deliveries WHERE metric_id = $1',
            [m?.metric_id],
          )
        ).rows[0],
      (r) => r !== undefined,
      30_000,
      'the delivery recorded',
    );
    const shown = (d: Date | undefined) =>
      d
        ?.toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
    await go(`#/metric/${m?.metric_id}`);
    await expect.poll(() => byTestId('canary-status').textContent(), WAIT).toBe('delivered');
    expect(await byTestId('canary-detail').textContent()).toBe(`at ${shown(delivered?.delivered_at)}`);

    // Someone changes the unit in Canary itself; the parity check reads it back through Views.
    const sessionToken = await openSession(sim.safUrl);
    await post(`${sim.safUrl}/storeData`, {
      sessionToken,
      properties: { [m?.canary_id as string]: [['engUnit', canaryTimestamp(new Date()), 'psi', 192]] },
    });
    const run = await runCheckCadence(
      opsContext(db.pool, opsSettings(opsConfig()), undefined, { canaryViews: { url: sim.viewsUrl } }),
      { cadence: 'daily', only: ['canary.parity'] },
    );
    expect(run.results[0]?.status).toBe('WARN');
    await b.page.reload();
    await expect.poll(() => byTestId('canary-status').textContent(), WAIT).toBe('drift');
    expect(await byTestId('canary-detail').textContent()).toMatch(
      /^Canary differs, found by canary\.parity at \d{4}-.*; last delivered /,
    );
    expect(await b.page.locator('[data-testid="canary-difference"][data-key="engUnit"]').textContent()).toBe(
      'engUnit: DB "bar", Canary "psi"',
    );
    await b.shot('metric-canary-drift');

    await go('#/checks');
    const card = b.page.locator('[data-testid="cadence-daily"] [data-testid="check"][data-check-id="canary.parity"]');
    await expect.poll(() => card.locator('[data-testid="check-status"]').textContent(), WAIT).toBe('WARN');
    expect(await card.locator('[data-testid="check-remedy"]').textContent()).toContain('uns-meta canary backfill');
    expect(await card.locator('[data-testid="check-evidence"]').textContent()).toContain(m?.canary_id);

    // A real collision (…/Line 3.Tag 3 next to …/Line 3/Tag 3: one Canary id) that the owner, which holds
    // its tag, keeps: the running service's conflict bookkeeping leaves it standing.
    const dup = (
      await db.pool.query<{ metric_id: string; canary_id: string }>(
        `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype)
         SELECT device_id, 'Area/Line 3.Tag 3', regexp_replace(uns_path, '/([^/]*)$', '.\\1'), datatype FROM uns_meta.metrics WHERE metric_id = $1
         RETURNING metric_id::text, canary_id`,
        [other?.metric_id],
      )
    ).rows[0];
    expect(dup?.canary_id).toBe(other?.canary_id);
    await db.pool.query(
      'INSERT INTO uns_meta_sync.canary_conflicts (metric_id, canary_id, owner_metric_id) VALUES ($1, $2, $3)',
      [dup?.metric_id, other?.canary_id, other?.metric_id],
    );
    await go(`#/metric/${dup?.metric_id}`);
    await expect.poll(() => byTestId('canary-status').textContent(), WAIT).toBe('conflict');
    expect(await byTestId('canary-owner').textContent()).toBe(other?.uns_path);
    expect(await byTestId('canary-owner').getAttribute('href')).toBe(`#/metric/${other?.metric_id}`);
    await b.shot('metric-canary-conflict');
  });

  it('pipeline page: the latest initial snapshot of CDC (when, why, how many metrics)', async () => {
    await db.pool.query(
      `INSERT INTO uns_meta_sync.cdc_snapshots (slot_name, reason, metrics, started_at, finished_at) VALUES ($1, 'slot re-created after a restore', 63, now() + interval '1 minute', now() + interval '2 minutes')`,
      [slot],
    );
    await go('#/pipeline');
    await expect
      .poll(() => byTestId('cdc-snapshot').textContent(), WAIT)
      .toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ · slot re-created after a restore · 63 metrics$/);
    await b.shot('pipeline-snapshot');
  });

  it('the page itself raised no error on any of the pages', () => {
    expect(b.errors).toEqual([]);
  });
});
