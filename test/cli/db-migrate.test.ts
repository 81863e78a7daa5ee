import { describe, it, expect, afterAll } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { runCli } from '../support/cli.js';
import { withDatabase } from '../../src/store/bootstrap.js';

const database = `t_bootstrap_${process.pid}`;
const superUrl = inject('superUrl');

afterAll(async () => {
  const c = new pg.Client({ connectionString: superUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await c.end();
});

describe('uns-meta db bootstrap and migrate', () => {
  it('bootstrap creates the database and migrates; a second run changes nothing', async () => {
    const first = await runCli(['db', 'bootstrap', '--admin-url', superUrl, '--database', database]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`database ${database}: created; .*migrations applied: 1, 2, 3`));
    const again = await runCli(['db', 'bootstrap', '--admin-url', superUrl, '--database', database]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/exists; roles created: none; migrations applied: none/);
  });

  it('bootstrap without a superuser connection is a usage error with a hint', async () => {
    const r = await runCli(['db', 'bootstrap']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--admin-url/);
  });

  it('migrate status, down --to with --dry-run, down and up', async () => {
    const url = withDatabase(superUrl, database);
    const status = await runCli(['migrate', 'status', '--url', url]);
    expect(
      status.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2).join(' ')),
    ).toEqual([
      '0001_uns_meta applied',
      '0002_uns_meta_sync applied',
      '0003_publication applied',
      '0004_outbox_source_time applied',
      '0005_api_search applied',
      '0006_canary_facts applied',
      '0007_quarantine_occurrences applied',
      '0008_device_lifecycle applied',
      '0009_birth_content applied',
      '0010_rebirth_speed applied',
      '0011_declarations applied',
      '0012_alias_names applied',
    ]);
    const plan = await runCli(['migrate', 'down', '--to', '1', '--dry-run', '--url', url]);
    expect(plan.stdout.trim().split('\n')).toEqual([
      'would revert 0012_alias_names',
      'would revert 0011_declarations',
      'would revert 0010_rebirth_speed',
      'would revert 0009_birth_content',
      'would revert 0008_device_lifecycle',
      'would revert 0007_quarantine_occurrences',
      'would revert 0006_canary_facts',
      'would revert 0005_api_search',
      'would revert 0004_outbox_source_time',
      'would revert 0003_publication',
      'would revert 0002_uns_meta_sync',
    ]);
    const down = await runCli(['migrate', 'down', '--url', url]);
    expect(down.stdout.trim()).toBe('revert 0012_alias_names');
    const up = await runCli(['migrate', 'up', '--url', url]);
    expect(up.stdout.trim()).toBe('apply 0012_alias_names');
    expect((await runCli(['migrate', 'up', '--url', url])).stdout.trim()).toBe('nothing to apply');
    expect((await runCli(['migrate', 'up', '--to', 'x', '--url', url])).code).toBe(2);
  });
});
