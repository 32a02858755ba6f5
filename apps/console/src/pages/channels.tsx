import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { ChannelDrawer, STATE } from '../channels/channel-drawer';
import { compact, defaultsOf, type JsonSchema, SchemaFields } from '../components/schema-form';
import { shanghai } from '../format';

type Instance = Schemas['ConnectorInstance'];
type ConnectorType = Schemas['ConnectorType'];

/**
 * 渠道: connector instances with their state and counts; create from the type's schema, check, run now; the detail
 * drawer pauses, resumes, stops and restarts, shows the cursor and the run history.
 */
export function ChannelsPage() {
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<string>();
  const list = useQuery({
    queryKey: ['connectors'],
    queryFn: () => ok(api.GET('/api/v1/connectors')),
    refetchInterval: 3000,
  });
  const openedInstance = list.data?.find((i) => i.id === opened);
  const types = useQuery({
    queryKey: ['connector-types'],
    queryFn: () => ok(api.GET('/api/v1/connector-types')),
  });
  const run = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/v1/connectors/{id}/run', { params: { path: { id } } })),
    onSuccess: () => {
      void message.success('已请求立即运行');
      void queries.invalidateQueries({ queryKey: ['connectors'] });
    },
  });
  const check = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/v1/connectors/{id}/check', { params: { path: { id } } })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          渠道
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建渠道
          </Button>
        </Space>
      </Space>
      <ApiErrorAlert error={list.error ?? run.error ?? check.error} />
      {check.data ? (
        <Typography.Text data-testid="instance-check">
          检查结果：{check.data.ok ? `通过，样本 ${check.data.sample} 条` : '未通过'}
          {check.data.errors.map((e) => `；${e.field ?? ''} ${e.message}`).join('')}
        </Typography.Text>
      ) : null}
      <Table<Instance>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个` }}
        expandable={{
          expandedRowRender: (i) => (
            <pre style={{ margin: 0 }}>{JSON.stringify(i.config, shownSecret, 2)}</pre>
          ),
        }}
        columns={[
          { title: '编号', dataIndex: 'id' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'type' },
          {
            title: '状态',
            render: (_, i) => (
              <Tag color={STATE[i.status.state].color} data-testid={`state-${i.id}`}>
                {STATE[i.status.state].label}
                {i.status.reason ? `（${i.status.reason}）` : ''}
              </Tag>
            ),
          },
          { title: '最近成功', render: (_, i) => shanghai(i.status.lastSuccessAt) },
          {
            title: '最近错误',
            render: (_, i) => i.status.lastError ?? '—',
            ellipsis: true,
          },
          { title: '下次运行', render: (_, i) => shanghai(i.status.nextRunAt) },
          {
            title: '已拉取',
            render: (_, i) => <span data-testid={`fetched-${i.id}`}>{i.status.counts.fetched}</span>,
          },
          {
            title: '操作',
            render: (_, i) => (
              <Space>
                <Button size="small" onClick={() => check.mutate(i.id)} loading={check.isPending}>
                  检查
                </Button>
                <Button size="small" onClick={() => run.mutate(i.id)} data-testid={`run-${i.id}`}>
                  立即运行
                </Button>
                <Button size="small" onClick={() => setOpened(i.id)} data-testid={`detail-${i.id}`}>
                  详情
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {openedInstance ? (
        <ChannelDrawer instance={openedInstance} onClose={() => setOpened(undefined)} />
      ) : null}
      <CreateChannel
        open={creating}
        types={types.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void queries.invalidateQueries({ queryKey: ['connectors'] });
        }}
      />
    </Space>
  );
}

/** Secret fields come back as {"set": true}: shown as 已设置, never a value. */
function shownSecret(_: string, v: unknown): unknown {
  return v && typeof v === 'object' && 'set' in v && Object.keys(v).length === 1 ? '已设置' : v;
}

interface CreateValues {
  id?: string;
  name: string;
  schedule: string;
  enabled: boolean;
  config: Record<string, unknown>;
}

function CreateChannel({
  open,
  types,
  onClose,
  onCreated,
}: {
  open: boolean;
  types: ConnectorType[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const [type, setType] = useState<string>();
  const schema = types.find((t) => t.type === type)?.configSchema as JsonSchema | undefined;
  const fieldErrors = (errors: { field?: string; message: string }[]) => {
    form.setFields(
      errors
        .filter((e) => e.field)
        .map((e) => {
          const path = e.field!.replace(/^config\./, '');
          return {
            name: path === 'schedule' ? ['schedule'] : ['config', ...path.split('.')],
            errors: [e.message],
          };
        }),
    );
  };
  const check = useMutation({
    mutationFn: (config: Record<string, unknown>) =>
      ok(
        api.POST('/api/v1/connector-types/{type}/check', {
          params: { path: { type: type! } },
          body: { config },
        }),
      ),
    onSuccess: (r) => {
      if (r.ok) void message.success(`检查通过：样本 ${r.sample} 条`);
      else fieldErrors(r.errors);
    },
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
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
          <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: '名称必填' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="id" label="编号（可选）">
              <Input />
            </Form.Item>
            <Form.Item name="schedule" label="调度（cron）" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
            <SchemaFields schema={schema} path={['config']} />
            <ApiErrorAlert error={check.error ?? create.error} />
            {check.data ? (
              <Typography.Paragraph data-testid="check-result">
                {check.data.ok ? `检查通过：样本 ${check.data.sample} 条` : '检查未通过，见各字段'}
              </Typography.Paragraph>
            ) : null}
            <Space style={{ marginTop: 12 }}>
              <Button
                onClick={() => {
                  const config = form.getFieldValue('config') as Record<string, unknown>;
                  check.mutate(compact(config) as Record<string, unknown>);
                }}
                loading={check.isPending}
              >
                检查连接
              </Button>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                保存
              </Button>
            </Space>
          </Form>
        ) : null}
      </Space>
    </Drawer>
  );
}
