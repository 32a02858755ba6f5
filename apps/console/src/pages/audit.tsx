import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Entry = Schemas['AuditEntry'];

interface Filters {
  entity?: string;
  actor?: string;
}

/** 审计: who changed what and when, newest first, with before and after; keyset pages. */
export function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => ok(api.GET('/api/v1/audit', { params: { query: { ...filters, cursor, limit: 20 } } })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        审计
      </Typography.Title>
      <Form<Filters>
        layout="inline"
        onFinish={(v) => {
          setFilters({ entity: v.entity || undefined, actor: v.actor || undefined });
          setCursors([undefined]);
        }}
      >
        <Form.Item name="entity" label="对象">
          <Input style={{ width: 160 }} placeholder="如 connector" />
        </Form.Item>
        <Form.Item name="actor" label="操作者">
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      <ApiErrorAlert error={page.error} />
      <Table<Entry>
        rowKey="id"
        loading={page.isLoading}
        dataSource={page.data?.entries ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0 }}>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
          ),
        }}
        columns={[
          { title: '时间', render: (_, e) => shanghai(e.at) },
          { title: '操作者', dataIndex: 'actor', ellipsis: true },
          { title: '动作', dataIndex: 'action' },
          { title: '对象', render: (_, e) => `${e.entity} ${e.entityId}` },
        ]}
      />
      <Space>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Typography.Text>第 {cursors.length} 页</Typography.Text>
        <Button
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors([...cursors, Number(page.data?.nextCursor)])}
        >
          下一页
        </Button>
      </Space>
    </Space>
  );
}
