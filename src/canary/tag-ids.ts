// The Canary tag id a metric is written under: its canary id, checked against CANARY_DATASET_PREFIX, with
// CANARY_DATASET_OVERRIDE applied, then held to Canary's DataSet naming rules. Pure: it does not ask
// Canary (getDatasets/Views) which DataSets exist — a missing one is Canary's validation error.

export type TagIdRejection = 'invalid_tag' | 'invalid_dataset' | 'dataset_not_allowed';

export interface DatasetOptions {
  /** CANARY_DATASET_OVERRIDE: every tag goes to this DataSet (first segment replaced), e.g. `Test`. */
  override?: string | undefined;
  /**
   * CANARY_DATASET_PREFIX: the DataSet family this service may write, e.g. `Secil` allows `Secil`, `Secil2`,
   * `Secil3` (Canary's dynamic DataSets split a full one into Name, Name2, …). Empty or absent: any DataSet.
   * Checked on the metric's own DataSet, before an override, so a Test run writes the same tags.
   */
  prefix?: string | undefined;
}

export type TagIdResult = { ok: true; tag: string } | { ok: false; reason: TagIdRejection; detail: string };

const FORBIDDEN_IN_DATASET = /[:=/*\\%?<>]/;

/** Why `name` is not a valid Canary DataSet name, or null when it is (canary.md, canary-api.md §6). */
export function datasetNameProblem(name: string): string | null {
  if (name === '') return 'DataSet name is empty';
  if (name.trim() !== name) return `DataSet name '${name}' has a leading or trailing space`;
  const bad = FORBIDDEN_IN_DATASET.exec(name);
  if (bad) return `DataSet name '${name}' contains '${bad[0]}' (none of : = / * \\ % ? < > is allowed)`;
  return null;
}

function inFamily(dataset: string, prefix: string): boolean {
  return dataset.startsWith(prefix) && /^\d*$/.test(dataset.slice(prefix.length));
}

export function canaryTagId(canaryId: string, options: DatasetOptions = {}): TagIdResult {
  const segments = canaryId.split('.');
  if (segments.length < 2)
    return { ok: false, reason: 'invalid_tag', detail: `tag '${canaryId}' has no DataSet segment` };
  if (segments.some((s) => s === ''))
    return { ok: false, reason: 'invalid_tag', detail: `tag '${canaryId}' has an empty segment` };
  const own = segments[0] as string;
  const prefix = options.prefix ?? '';
  if (prefix !== '' && !inFamily(own, prefix)) {
    return {
      ok: false,
      reason: 'dataset_not_allowed',
      detail: `DataSet '${own}' is outside CANARY_DATASET_PREFIX '${prefix}'`,
    };
  }
  const dataset = options.override !== undefined && options.override !== '' ? options.override : own;
  const problem = datasetNameProblem(dataset);
  if (problem !== null) return { ok: false, reason: 'invalid_dataset', detail: problem };
  return { ok: true, tag: [dataset, ...segments.slice(1)].join('.') };
}
