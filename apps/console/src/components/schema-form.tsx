import { Form, Input, InputNumber, Select, Switch } from 'antd';

/** The subset of JSON Schema the connector types' config schemas use (zod's JSON Schema output). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
}

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

/** The schema's defaults as initial form values (nested objects included). */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (typeOf(field) === 'object' && field.properties) out[name] = defaultsOf(field);
    else if (field.default !== undefined) out[name] = field.default;
  }
  return out;
}

/** The form's values without unset fields, so the server applies its own defaults. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, compact(v)]),
    );
  return value;
}

/**
 * A form generated from a connector type's config schema: one field per property, nested objects as groups, secret
 * (writeOnly) fields as password inputs that are never filled from the server ("已设置" when one is stored).
 */
export function SchemaFields({
  schema,
  path,
  secretsSet = [],
}: {
  schema: JsonSchema;
  path: string[];
  secretsSet?: string[];
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, field]) => {
        const at = [...path, name];
        const dotted = at.slice(1).join('.');
        const label = (
          <span>
            {name}
            {field.description ? <span style={{ color: '#888' }}>（{field.description}）</span> : null}
          </span>
        );
        if (typeOf(field) === 'object' && field.properties)
          return (
            <fieldset
              key={dotted}
              style={{ border: '1px solid #eee', padding: '8px 12px', marginBottom: 12 }}
            >
              <legend style={{ fontSize: 14, width: 'auto' }}>{name}</legend>
              <SchemaFields schema={field} path={at} secretsSet={secretsSet} />
            </fieldset>
          );
        // A stored secret left blank is kept by the API, so its field is not required again.
        const required =
          schema.required?.includes(name) && field.default === undefined && !secretsSet.includes(dotted);
        const rules = required ? [{ required: true, message: `${name} 必填` }] : [];
        const type = typeOf(field);
        let input;
        if (field.writeOnly)
          input = (
            <Input.Password
              autoComplete="new-password"
              placeholder={secretsSet.includes(dotted) ? '已设置（留空则不变）' : '仅可写入，保存后不再显示'}
            />
          );
        else if (field.enum)
          input = <Select options={field.enum.map((v) => ({ value: v as string, label: String(v) }))} />;
        else if (type === 'integer' || type === 'number')
          input = <InputNumber min={field.minimum} max={field.maximum} style={{ width: 200 }} />;
        else if (type === 'boolean') input = <Switch />;
        else input = <Input />;
        return (
          <Form.Item
            key={dotted}
            name={at}
            label={label}
            rules={rules}
            valuePropName={type === 'boolean' ? 'checked' : 'value'}
            data-field={dotted}
          >
            {input}
          </Form.Item>
        );
      })}
    </>
  );
}
