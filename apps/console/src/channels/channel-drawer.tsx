import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Descriptions,
  Drawer,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Instance = Schemas['ConnectorInstance'];
type State = Instance['status']['state'];
type Run = Schemas['ConnectorRun'];
type Action = 'pause' | 'resume' | 'stop' | 'restart' | 'run';

export const STATE: Record<State, { label: string; color: string }> = {
  running: { label: '运行中', color: 'green' },
  paused: { label: '已暂停', color: 'default' },
  stopped: { label: '已停止', color: 'default' },
  failed: { label: '失败', color: 'red' },
  degraded: { label: '降级', color: 'orange' },
};

/** Which actions the state machine takes from each state (the API answers 409 to the others). */
const ALLOWED: Record<Action, State[]> = {
  pause: ['running', 'degraded', 'failed'],
  resume: ['paused', 'stopped', 'failed', 'degraded'],
  stop: ['running', 'paused', 'degraded', 'failed'],
  restart: ['running', 'paused', 'stopped', 'failed', 'degraded'],
  run: ['running', 'degraded'],
};
const LABEL: Record<Action, string> = {
  pause: '暂停',
  resume: '恢复',
  stop: '停止',
  restart: '重启',
  run: '立即运行',
};

async function act(id: string, action: Action): Promise<unknown> {
  const path = { params: { path: { id } } };
  switch (action) {
    case 'pause':
      return ok(api.POST('/api/v1/connectors/{id}/pause', path));
    case 'resume':
      return ok(api.POST('/api/v1/connectors/{id}/resume', path));
    case 'stop':
      return ok(api.POST('/api/v1/connectors/{id}/stop', path));
    case 'restart':
      return ok(api.POST('/api/v1/connectors/{id}/restart', { ...path, body: {} }));
    case 'run':
      return ok(api.POST('/api/v1/connectors/{id}/run', path));
  }
}

/** One channel: its state and the actions it allows, the cursor (editable only when stopped), and run history. */
export function ChannelDrawer({ instance, onClose }: { instance: Instance; onClose: () => void }) {
  const queries = useQueryClient();
  const id = instance.id;
  const s = instance.status;
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const page = pages[pages.length - 1];
  const runs = useQuery({
    queryKey: ['connector-runs', id, page],
    queryFn: () =>
      ok(
        api.GET('/api/v1/connectors/{id}/runs', {
          params: { path: { id }, query: { cursor: page, limit: 10 } },
        }),
      ),
    refetchInterval: 3000,
  });
  const cursor = useQuery({
    queryKey: ['connector-cursor', id],
    queryFn: () => ok(api.GET('/api/v1/connectors/{id}/cursor', { params: { path: { id } } })),
  });
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (cursor.data) setDraft(cursor.data.cursor ? JSON.stringify(cursor.data.cursor, null, 2) : '');
  }, [cursor.data]);
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['connectors'] });
    void queries.invalidateQueries({ queryKey: ['connector-cursor', id] });
    void queries.invalidateQueries({ queryKey: ['connector-runs', id] });
  };
  const action = useMutation({
    mutationFn: (a: Action) => act(id, a),
    onSuccess: (_, a) => {
      void message.success(`已${LABEL[a]}`);
      refresh();
    },
  });
  const saveCursor = useMutation({
    mutationFn: (text: string | null) =>
      text === null
        ? ok(api.DELETE('/api/v1/connectors/{id}/cursor', { params: { path: { id } } }))
        : ok(
            api.PUT('/api/v1/connectors/{id}/cursor', {
              params: { path: { id } },
              body: { cursor: JSON.parse(text) as Record<string, never> },
            }),
          ),
    onSuccess: () => {
      void message.success('游标已更新');
      refresh();
    },
  });
  const stopped = s.state === 'stopped';
  return (
    <Drawer open width={820} title={`渠道 ${instance.name}（${id}）`} onClose={onClose}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap>
          <Tag color={STATE[s.state].color} data-testid="drawer-state">
            {STATE[s.state].label}
          </Tag>
          {(Object.keys(LABEL) as Action[]).map((a) => (
            <Button
              key={a}
              size="small"
              danger={a === 'stop'}
              disabled={!ALLOWED[a].includes(s.state)}
              loading={action.isPending && action.variables === a}
              onClick={() => action.mutate(a)}
              data-testid={`action-${a}`}
            >
              {LABEL[a]}
            </Button>
          ))}
        </Space>
        <ApiErrorAlert error={action.error ?? runs.error ?? cursor.error ?? saveCursor.error} />
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="原因">{s.reason ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="连续失败">{s.consecutiveFailures}</Descriptions.Item>
          <Descriptions.Item label="最近成功">{shanghai(s.lastSuccessAt)}</Descriptions.Item>
          <Descriptions.Item label="下次运行">{shanghai(s.nextRunAt)}</Descriptions.Item>
          <Descriptions.Item label="数据新鲜度">{shanghai(s.freshness)}</Descriptions.Item>
          <Descriptions.Item label="重试时间">{shanghai(s.retryAt)}</Descriptions.Item>
          <Descriptions.Item label="最近错误" span={2}>
            {s.lastError ?? '—'}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5} style={{ margin: 0 }}>
          游标 {stopped ? '' : <Typography.Text type="secondary">（停止后可编辑）</Typography.Text>}
        </Typography.Title>
        <Input.TextArea
          rows={4}
          value={draft}
          placeholder="无游标：下次从配置的起点开始"
          readOnly={!stopped}
          onChange={(e) => setDraft(e.target.value)}
          style={{ fontFamily: 'monospace' }}
          data-testid="cursor"
        />
        {stopped ? (
          <Space>
            <Button
              size="small"
              type="primary"
              onClick={() => {
                try {
                  saveCursor.mutate(JSON.stringify(JSON.parse(draft)));
                } catch (e) {
                  void message.error(`JSON 无法解析：${(e as Error).message}`);
                }
              }}
            >
              保存游标
            </Button>
            <Popconfirm
              title="重置游标？下次拉取将从配置的起点开始。"
              onConfirm={() => saveCursor.mutate(null)}
            >
              <Button size="small">重置游标</Button>
            </Popconfirm>
          </Space>
        ) : null}
        <Typography.Title level={5} style={{ margin: 0 }}>
          运行记录
        </Typography.Title>
        <Table<Run>
          rowKey="id"
          size="small"
          loading={runs.isLoading}
          dataSource={runs.data?.runs ?? []}
          pagination={false}
          data-testid="runs"
          columns={[
            { title: '开始', render: (_, r) => shanghai(r.startedAt) },
            { title: '结束', render: (_, r) => shanghai(r.finishedAt) },
            { title: '结果', dataIndex: 'status' },
            { title: '拉取', dataIndex: 'fetched' },
            { title: '新增', dataIndex: 'emitted' },
            { title: '未变', dataIndex: 'unchanged' },
            { title: '隔离', dataIndex: 'quarantined' },
            { title: '错误', render: (_, r) => r.error ?? '—', ellipsis: true },
          ]}
        />
        <Space>
          <Button size="small" disabled={pages.length < 2} onClick={() => setPages(pages.slice(0, -1))}>
            上一页
          </Button>
          <Button
            size="small"
            disabled={!runs.data?.nextCursor}
            onClick={() => setPages([...pages, Number(runs.data?.nextCursor)])}
          >
            下一页
          </Button>
        </Space>
      </Space>
    </Drawer>
  );
}
