import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { ChannelDrawer, STATE } from '../channels/channel-drawer';
import { CreateChannel } from '../channels/create-channel';
import { EditChannel } from '../channels/edit-channel';
import { shownSecret } from '../channels/secret-config';
import { shanghai } from '../format';

type Instance = Schemas['ConnectorInstance'];

/**
 * 渠道: connector instances with their state and counts; create or edit from the type's schema, check, run now; the detail
 * drawer pauses, resumes, stops and restarts, shows the cursor and the run history.
 */
export function ChannelsPage() {
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<string>();
  const [editing, setEditing] = useState<string>();
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
  const saved = (close: () => void) => {
    close();
    void queries.invalidateQueries({ queryKey: ['connectors'] });
  };
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
            // A disabled instance keeps its last state but is never scheduled: saying 运行中 would mislead.
            render: (_, i) =>
              i.enabled ? (
                <Tag color={STATE[i.status.state].color} data-testid={`state-${i.id}`}>
                  {STATE[i.status.state].label}
                  {i.status.reason ? `（${i.status.reason}）` : ''}
                </Tag>
              ) : (
                <Tag data-testid={`state-${i.id}`}>已禁用</Tag>
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
                <Button size="small" onClick={() => setEditing(i.id)} data-testid={`edit-${i.id}`}>
                  编辑
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
      {editing ? (
        <EditChannel
          id={editing}
          types={types.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={() => saved(() => setEditing(undefined))}
        />
      ) : null}
      <CreateChannel
        open={creating}
        types={types.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={() => saved(() => setCreating(false))}
      />
    </Space>
  );
}
