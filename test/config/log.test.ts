import { describe, it, expect } from 'vitest';
import { inject } from 'vitest';
import { createPool } from '../../src/db.js';
import { createLogger, stageLogger } from '../../src/log.js';

describe('logger', () => {
  it('writes JSON lines with the stage and never a secret', () => {
    const lines: string[] = [];
    const log = createLogger({ stage: 'cli', destination: { write: (s: string) => void lines.push(s) } });
    log.info({ password: 'p4ss', db: { url: 'postgres://u:p4ss@h/db' } }, 'connected');
    stageLogger(log, 'ingest').warn({ sessionToken: 'tok' }, 'birth quarantined');
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({ stage: 'cli', msg: 'connected', password: '****', db: { url: '****' } });
    expect(b).toMatchObject({ stage: 'ingest', level: 40, sessionToken: '****' });
    expect(lines.join('')).not.toContain('p4ss');
  });
});

describe('errors in the log', () => {
  it('an error logged as { err } keeps its type, stack and cause', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    log.warn({ err: new Error('outer', { cause: new Error('inner') }) }, 'round failed');
    const line = JSON.parse(lines[0] as string);
    expect(line.err).toMatchObject({ type: 'Error', message: expect.stringContaining('outer') });
    expect(line.err.stack).toMatch(/log\.test\.ts/);
    expect(JSON.stringify(line.err)).toContain('inner');
  });

  it('an idle pooled connection that loses its server is logged, and the process goes on', async () => {
    const warnings: Array<{ err: Error }> = [];
    const pool = createPool(inject('superUrl'), {
      max: 1,
      applicationName: 'pool-error-test',
      log: { warn: (o: { err: Error }) => void warnings.push(o) } as never,
    });
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    client.release();
    const admin = createPool(inject('superUrl'), { max: 1 });
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    for (let i = 0; i < 50 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(warnings[0]?.err.message).toMatch(/terminat/);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    await pool.end();
  });
});
