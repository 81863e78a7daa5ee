// Optional persistence of the simulator's DataSets and properties to one JSON file: loaded at start,
// rewritten (temp file + rename) shortly after each change and on stop. Sessions are never persisted.

import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { StoreState } from './store.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const quality = z.union([z.number().int(), z.enum(['Good', 'Bad', 'No Data'])]);
const stateFile = z.object({
  version: z.literal(1),
  datasets: z.array(z.string()),
  tags: z.record(z.string(), z.record(z.string(), z.array(z.tuple([z.string(), z.string(), scalar, quality])))),
});

export function loadState(file: string): StoreState {
  if (!existsSync(file)) return { datasets: [], tags: {} };
  try {
    const parsed = stateFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    return { datasets: parsed.datasets, tags: parsed.tags };
  } catch (err) {
    throw new AppError(
      'canary_sim_state_invalid',
      `the Canary simulator state file ${file} is not a state file this simulator wrote; move it away or pass another --persist file`,
      {
        details: { file },
        cause: err,
      },
    );
  }
}

export interface Saver {
  /** Saves soon; changes arriving meanwhile are written together. */
  schedule(): void;
  /** Writes now if anything changed since the last save. */
  flush(): Promise<void>;
}

export function createSaver(
  file: string,
  snapshot: () => StoreState,
  onError: (err: unknown) => void,
  delayMs = 200,
): Saver {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing
      .then(async () => {
        if (!dirty) return;
        dirty = false;
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify({ version: 1, ...snapshot() }));
        await rename(tmp, file);
      })
      .catch(onError);
    return writing;
  };

  return {
    schedule() {
      dirty = true;
      timer ??= setTimeout(() => void save(), delayMs);
    },
    flush: save,
  };
}
