import { useMutation } from '@tanstack/react-query';
import { Drawer, Form, Input, Select, Space, message } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { compact, defaultsOf, type JsonSchema } from '../components/schema-form';
import { ChannelForm, type ChannelValues } from './channel-form';
import { useConfigCheck } from './config-check';
import { apiFieldErrors, showConfigErrors } from './config-errors';

/** 新建渠道: pick a type, fill the form generated from its config schema, check it live, save. */
export function CreateChannel({
  open,
  types,
  onClose,
  onCreated,
}: {
  open: boolean;
  types: Schemas['ConnectorType'][];
  onClose: () => void;
  onCreated: () => void;
}) {
  const [form] = Form.useForm<ChannelValues>();
  const [type, setType] = useState<string>();
  const schema = types.find((t) => t.type === type)?.configSchema as JsonSchema | undefined;
  const check = useConfigCheck(form, type);
  const create = useMutation({
    mutationFn: (v: ChannelValues) =>
      ok(
        api.POST('/api/v1/connectors', {
          body: { ...v, type: type!, config: compact(v.config) as Record<string, never> },
        }),
      ),
    onSuccess: () => {
      void message.success('渠道已创建');
      form.resetFields();
      setType(undefined);
      onCreated();
    },
    onError: (e) => showConfigErrors(form, apiFieldErrors(e)),
  });
  return (
    <Drawer title="新建渠道" open={open} onClose={onClose} width={720} destroyOnClose>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          placeholder="选择渠道类型"
          style={{ width: '100%' }}
          value={type}
          data-testid="type-select"
          onChange={(t: string) => {
            setType(t);
            const s = types.find((x) => x.type === t)?.configSchema as JsonSchema;
            form.setFieldValue('config', defaultsOf(s));
            form.setFieldsValue({ schedule: '0 */5 * * * *', enabled: true });
          }}
          options={types.map((t) => ({ value: t.type, label: `${t.type}（${t.channel}）` }))}
        />
        {schema ? (
          <ChannelForm
            form={form}
            schema={schema}
            extra={
              <Form.Item name="id" label="编号（可选）">
                <Input />
              </Form.Item>
            }
            check={check}
            saving={create.isPending}
            error={create.error}
            onSave={(v) => create.mutate(v)}
          />
        ) : null}
      </Space>
    </Drawer>
  );
}
