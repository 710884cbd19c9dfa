import { KINDS, TYPES } from './kubernetes-fields.generated';

/** A field of a Kubernetes API type: what its value decodes into. */
export interface FieldSchema {
  /** The API type (model) of the value, or of each list item; undefined when any value decodes (a scalar, a string map, RawExtension). */
  type?: string;
  /** True when the value is a map whose values are of `type` (`map[string]DeviceAttribute`). */
  map?: boolean;
}

/** The API type the API server decodes an object of this apiVersion and kind into; undefined for kinds it does not serve (custom resources). */
export function apiTypeOf(apiVersion: string, kind: string): string | undefined {
  return KINDS[`${apiVersion} ${kind}`];
}

const parsed = new Map<string, ReadonlyMap<string, FieldSchema>>();

/** Every JSON field of an API type (from the generated table, parsed once per type). */
export function fieldsOf(type: string): ReadonlyMap<string, FieldSchema> {
  let fields = parsed.get(type);
  if (!fields) {
    fields = new Map(
      (TYPES[type] ?? '')
        .split(',')
        .filter(Boolean)
        .map((entry): [string, FieldSchema] => {
          const [name, ref] = entry.split(':') as [string, string | undefined];
          if (!ref) return [name, {}];
          return [name, ref.startsWith('*') ? { type: ref.slice(1), map: true } : { type: ref }];
        }),
    );
    parsed.set(type, fields);
  }
  return fields;
}
