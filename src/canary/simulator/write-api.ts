// The SAF write API v1 methods of the simulator (canary.md): getSessionToken, keepAlive,
// revokeSessionToken, updateSettings, storeData, getDatasets, version. Each takes the parsed JSON body and
// returns an Answer; HTTP concerns (statuses, faults, latency, logging) belong to server.ts.

import { badSession, failed, good, type Answer } from './envelope.js';
import type { FaultControl } from './faults.js';
import type { Sessions } from './sessions.js';
import type { TagStore } from './store.js';
import { checkProperties, isRecord, parseSessionRequest } from './validation.js';

export const SIMULATOR_VERSION =
  'uns-meta Canary simulator 0.1.0 (a test double of the Canary SAF and Views APIs, not the Canary product)';

export interface SimState {
  sessions: Sessions;
  store: TagStore;
  faults: FaultControl;
  apiToken?: string;
  /** Known historian names; undefined = any name is accepted. */
  historians?: string[];
  /** Called after anything was stored or created (persistence). */
  changed(): void;
}

export type ApiMethod = (body: Record<string, unknown>, state: SimState, bearer?: string) => Answer;

export const API_TOKEN_TEXT = 'apiToken is missing or not valid';

/** With an apiToken configured, the request must carry it; otherwise anything is accepted. */
export function authorized(state: SimState, token: unknown): boolean {
  return state.apiToken === undefined || token === state.apiToken;
}

function unknownHistorians(state: SimState, names: string[]): string[] {
  if (!state.historians) return [];
  return names
    .filter((n) => !state.historians?.includes(n.replace(/:\d+$/, '')))
    .map((n) => `historian '${n}' is not known`);
}

/** Whether a DataSet exists as far as writers and getDatasets see it (the unknownDatasets fault hides some). */
function datasetVisible(state: SimState, name: string): boolean {
  return state.store.hasDataset(name) && !state.faults.unknownDatasets.includes(name);
}

const getSessionToken: ApiMethod = (body, state) => {
  const req = parseSessionRequest(body);
  if (!req.ok) return failed('invalid', req.errors);
  if (!authorized(state, req.value.apiToken)) return failed('unauthorized', [API_TOKEN_TEXT]);
  const unknown = unknownHistorians(state, req.value.historians);
  if (unknown.length > 0) return failed('invalid', unknown);
  const session = state.sessions.open(req.value.clientId, req.value.historians, req.value.settings);
  return good({ sessionToken: session.token });
};

const keepAlive: ApiMethod = (body, state) => (state.sessions.touch(body.sessionToken) ? good() : badSession());

const revokeSessionToken: ApiMethod = (body, state) =>
  state.sessions.revoke(body.sessionToken) ? good() : badSession();

const updateSettings: ApiMethod = (body, state) => {
  const session = state.sessions.touch(body.sessionToken);
  if (!session) return badSession();
  const req = parseSessionRequest({
    clientId: session.clientId,
    historians: session.historians,
    settings: body.settings ?? {},
  });
  if (!req.ok) return failed('invalid', req.errors);
  const { clientTimeout, autoCreateDatasets } = req.value.settings;
  if (clientTimeout !== undefined) session.settings.clientTimeout = clientTimeout;
  if (autoCreateDatasets !== undefined) session.settings.autoCreateDatasets = autoCreateDatasets;
  return good();
};

/**
 * All or nothing: every tag and entry is checked first; if anything is wrong the answer is `Errors`
 * listing every problem (each naming its tag) and NOTHING of the request is stored. The real product's
 * behaviour for mixed requests is undocumented (research/canary-api.md §9); the writer bisects on Errors,
 * so storing nothing is the conservative choice: a writer that wrongly marks the valid half delivered is caught.
 * `tvqs` and `annotations` are accepted (shape only) and not stored; no block at all is Good.
 */
const storeData: ApiMethod = (body, state) => {
  const session = state.sessions.touch(body.sessionToken);
  const tags = isRecord(body.properties) ? Object.keys(body.properties).length : 0;
  if (!session) return { ...badSession(), tags };
  const { valid, errors } = checkProperties(body.properties);
  for (const block of ['tvqs', 'annotations'] as const) {
    if (body[block] !== undefined && !isRecord(body[block]))
      errors.push(`${block} must be an object of tag id → entries`);
  }
  const create = new Set<string>();
  for (const [tag, { dataset }] of valid) {
    if (state.faults.poisonTags.includes(tag)) errors.push(`${tag}: invalid tag (rejected by the historian)`);
    else if (
      state.faults.unknownDatasets.includes(dataset) ||
      (!state.store.hasDataset(dataset) && !session.settings.autoCreateDatasets)
    ) {
      errors.push(
        `${tag}: DataSet '${dataset}' does not exist (create it, or open the session with autoCreateDatasets=true)`,
      );
    } else if (!state.store.hasDataset(dataset)) create.add(dataset);
  }
  if (errors.length > 0) return { ...failed('invalid', errors), tags };
  for (const dataset of create) state.store.addDataset(dataset);
  for (const [tag, { entries }] of valid) state.store.write(tag, entries);
  if (valid.size > 0 || create.size > 0) state.changed();
  return { ...good(), tags };
};

const getDatasets: ApiMethod = (body, state) => {
  if (!authorized(state, body.apiToken)) return failed('unauthorized', [API_TOKEN_TEXT]);
  const historian = body.historian;
  if (typeof historian !== 'string' || historian.length === 0)
    return failed('invalid', ['historian is required (a historian name)']);
  const unknown = unknownHistorians(state, [historian]);
  if (unknown.length > 0) return failed('invalid', unknown);
  return good({ datasets: state.store.datasets().filter((d) => datasetVisible(state, d)) });
};

const version: ApiMethod = () => good({ version: SIMULATOR_VERSION, simulator: true });

export const writeApi = new Map<string, ApiMethod>(
  Object.entries({ getSessionToken, keepAlive, revokeSessionToken, updateSettings, storeData, getDatasets, version }),
);
