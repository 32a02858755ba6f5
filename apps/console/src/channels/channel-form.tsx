import { Button, Form, type FormInstance, Input, Space, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from '../components/api-error';
import { type JsonSchema, SchemaFields } from '../components/schema-form';
import type { ConfigCheck } from './config-check';

export interface ChannelValues {
  id?: string;
  name: string;
  schedule: string;
  enabled: boolean;
  config: Record<string, unknown>;
}

/**
 * The form create and edit share: name, schedule, enabled and the fields generated from the type's config schema,
 * with 检查连接 and 保存. `extra` holds what only one of them has (create's 编号).
 */
export function ChannelForm({
  form,
  schema,
  secretsSet,
  initialValues,
  extra,
  check,
  saving,
  error,
  onSave,
}: {
  form: FormInstance<ChannelValues>;
  schema: JsonSchema;
  secretsSet?: string[];
  initialValues?: Partial<ChannelValues>;
  extra?: ReactNode;
  check: ConfigCheck;
  saving: boolean;
  error: unknown;
  onSave: (values: ChannelValues) => void;
}) {
  return (
    <Form<ChannelValues> form={form} layout="vertical" initialValues={initialValues} onFinish={onSave}>
      <Form.Item name="name" label="名称" rules={[{ required: true, message: '名称必填' }]}>
        <Input />
      </Form.Item>
      {extra}
      <Form.Item name="schedule" label="调度（cron）" rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="enabled" label="启用" valuePropName="checked">
        <Switch />
      </Form.Item>
      <SchemaFields schema={schema} path={['config']} secretsSet={secretsSet} />
      <ApiErrorAlert error={check.error ?? error} />
      {check.result ? (
        <Typography.Paragraph data-testid="check-result">
          {check.result.ok ? `检查通过：样本 ${check.result.sample} 条` : '检查未通过，见各字段'}
        </Typography.Paragraph>
      ) : null}
      <Space style={{ marginTop: 12 }}>
        <Button onClick={check.run} loading={check.pending}>
          检查连接
        </Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          保存
        </Button>
      </Space>
    </Form>
  );
}
