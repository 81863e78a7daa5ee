// The Sparkplug B DataType table (spec 3.0 §6.4.16, Tahu enum DataType): number ↔ name.
// Names are what `metrics.datatype` stores; which oneof field carries each type lives in the readers.

export const DATATYPE_NAMES = [
  'Unknown',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Int64Array',
  'UInt8Array',
  'UInt16Array',
  'UInt32Array',
  'UInt64Array',
  'FloatArray',
  'DoubleArray',
  'BooleanArray',
  'StringArray',
  'DateTimeArray',
] as const;

export type DataTypeName = (typeof DATATYPE_NAMES)[number];

const NUMBERS: ReadonlyMap<string, number> = new Map(DATATYPE_NAMES.map((name, i) => [name, i]));

/** The name of a DataType number, or undefined when the number is not in the table. */
export function dataTypeName(n: number): DataTypeName | undefined {
  return Number.isInteger(n) ? DATATYPE_NAMES[n] : undefined;
}

/** The number of a DataType name (exact spelling, as in the spec), or undefined. */
export function dataTypeNumber(name: string): number | undefined {
  return NUMBERS.get(name);
}
