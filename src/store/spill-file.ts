// COPY lines written to a temporary file while the birth is staged and copied from it afterwards: the
// metric rows of a device's first birth (800k for the biggest) never wait in memory for their COPY,
// which can only start once the property COPY is done (one COPY at a time per connection).

import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';

const FLUSH_CHARS = 64 * 1024; // below V8's large-object size, as staging.ts

export class SpillFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'uns-meta-spill-'));
  private readonly path = join(this.dir, 'lines.tsv');
  private fd: number | null = openSync(this.path, 'w', 0o600);
  private buf = '';
  lines = 0;

  readonly write = (line: string): void => {
    this.buf += line;
    this.lines += 1;
    if (this.buf.length >= FLUSH_CHARS) this.flush();
  };

  /** Streams the lines written so far into `COPY … FROM STDIN`; returns the rows copied. */
  async copyInto(client: pg.ClientBase, sql: string): Promise<number> {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    const sink = client.query(copyFrom(sql));
    await pipeline(createReadStream(this.path), sink);
    return Number(sink.rowCount ?? 0);
  }

  remove(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.buf && this.fd !== null) writeSync(this.fd, this.buf);
    this.buf = '';
  }
}
