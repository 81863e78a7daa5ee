// Template metrics of a birth (Sparkplug 3.0 §6.4.18; Ignition UDTs when "Convert UDTs" is off).
// A definition (is_definition, in an NBIRTH) is not a UNS metric: it is kept as a definition. An
// instance is a metric of datatype Template that stands for its members: it is kept with its template
// reference and version in its metadata, and each member becomes a metric under the instance's path
// (`<instance>/<member>`, nested instances likewise). Shared by the protobuf and JSON readers. Pure.

import type { MetricResult, PropertyValue } from './birth.js';
import { dataTypeName } from './datatypes.js';
import { bad, birthMetric, type MetricFields } from './metric.js';
import { typeProperties } from './properties.js';

const TEMPLATE = 19;
/** Instances inside instances: deeper than this is refused (no real UDT nests this far). */
const MAX_TEMPLATE_DEPTH = 8;

/** One metric as decoded, before typing; `template` set when it carries a Template value. */
export interface RawMetric extends MetricFields {
  template: RawTemplate | null;
}

export interface RawTemplate {
  isDefinition: unknown;
  templateRef: unknown;
  version: unknown;
  members: RawMetric[];
}

export interface TemplateMember {
  name: string;
  datatype: string;
  properties: Record<string, { type: PropertyValue['type']; value: number | string | boolean }>;
}

export interface TemplateDefinition {
  name: string;
  version: string | null;
  members: TemplateMember[];
}

export const isDefinition = (m: RawMetric): boolean => m.datatype === TEMPLATE && m.template?.isDefinition === true;

/** The metric results of one top-level metric: itself, or an instance and its members; none for a definition. */
export function* metricResults(index: number, m: RawMetric, prefix = '', depth = 0): Generator<MetricResult> {
  const name = typeof m.name === 'string' ? prefix + m.name : m.name;
  const t = m.datatype === TEMPLATE ? m.template : null;
  if (t === null) {
    yield birthMetric(index, { ...m, name });
    return;
  }
  if (t.isDefinition === true) return;
  const instance = birthMetric(index, {
    ...m,
    name,
    extra: { ...m.extra, template: { templateRef: t.templateRef, version: t.version } },
  });
  yield instance;
  if (!instance.ok || !instance.metric.name) return;
  const path = instance.metric.name;
  if (depth >= MAX_TEMPLATE_DEPTH) {
    yield bad(index, path, `Template instances nested deeper than ${MAX_TEMPLATE_DEPTH}`);
    return;
  }
  for (const member of t.members) {
    if (typeof member.name !== 'string' || member.name === '') {
      yield bad(index, path, 'a member of the Template instance has no name');
      continue;
    }
    // Aliases belong to top-level metrics; a member is addressed through its instance.
    yield* metricResults(index, { ...member, alias: null }, `${path}/`, depth + 1);
  }
}

/** A definition's name, version and typed members, or the reason it cannot be kept. */
export function templateDefinition(
  m: RawMetric,
): { ok: true; definition: TemplateDefinition } | { ok: false; reason: string } {
  if (typeof m.name !== 'string' || m.name === '') return { ok: false, reason: 'Template definition without a name' };
  const t = m.template as RawTemplate;
  const members: TemplateMember[] = [];
  for (const member of t.members) {
    const datatype = typeof member.datatype === 'number' ? dataTypeName(member.datatype) : undefined;
    if (typeof member.name !== 'string' || member.name === '' || datatype === undefined) {
      return {
        ok: false,
        reason: `Template definition '${m.name}': member ${String(member.name)} has no name or no known datatype`,
      };
    }
    const props = typeProperties(member.properties as Parameters<typeof typeProperties>[0]);
    if (!props.ok)
      return { ok: false, reason: `Template definition '${m.name}', member '${member.name}': ${props.reason}` };
    const properties: TemplateMember['properties'] = {};
    for (const [key, v] of props.properties)
      properties[key] = { type: v.type, value: typeof v.value === 'bigint' ? v.value.toString() : v.value };
    members.push({ name: member.name, datatype, properties });
  }
  return { ok: true, definition: { name: m.name, version: typeof t.version === 'string' ? t.version : null, members } };
}
