import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Summary = Schemas['TicketSummary'];

export const STATUS_LABEL: Record<Summary['status'], string> = {
  triage: '待分拣',
  routed: '已分派',
  accepted: '已签收',
  closed: '已办结',
};

interface Filters {
  status?: string;
  channel?: string;
  county?: string;
  department?: string;
}

/** 工单: the API's filters and keyset pages (the cursors of the pages seen are kept to go back). */
export function TicketsPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['tickets', filters, cursor],
    queryFn: () =>
      ok(
        api.GET('/api/v1/tickets', {
          params: { query: { ...filters, cursor, limit: 20 } },
        }),
      ),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        工单
      </Typography.Title>
      <Form<Filters>
        layout="inline"
        onFinish={(v) => {
          setFilters(Object.fromEntries(Object.entries(v).filter(([, x]) => x)));
          setCursors([undefined]);
        }}
      >
        <Form.Item name="status" label="状态">
          <Select
            allowClear
            style={{ width: 120 }}
            options={Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="channel" label="渠道">
          <Input style={{ width: 160 }} placeholder="如 hotline_12345" />
        </Form.Item>
        <Form.Item name="county" label="县区代码">
          <Input style={{ width: 120 }} placeholder="341221" />
        </Form.Item>
        <Form.Item name="department" label="部门">
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      <ApiErrorAlert error={page.error} />
      <Table<Summary>
        rowKey="id"
        loading={page.isLoading}
        dataSource={page.data?.tickets ?? []}
        pagination={false}
        columns={[
          { title: '编号', render: (_, t) => <Link to={`/tickets/${t.id}`}>{t.id}</Link> },
          { title: '标题', render: (_, t) => t.ticket.item.title ?? '—', ellipsis: true },
          { title: '状态', render: (_, t) => <Tag>{STATUS_LABEL[t.status]}</Tag> },
          { title: '渠道', dataIndex: 'channel' },
          {
            title: '属地',
            render: (_, t) => [t.jurisdiction.county, t.jurisdiction.town].filter(Boolean).join(' ') || '—',
          },
          { title: '主办部门', render: (_, t) => t.leadDepartment ?? '—' },
          { title: '等级', dataIndex: 'grade' },
          { title: '收到时间', render: (_, t) => shanghai(t.receivedAt) },
        ]}
      />
      <Space>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Typography.Text>第 {cursors.length} 页</Typography.Text>
        <Button
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors([...cursors, page.data?.nextCursor ?? undefined])}
        >
          下一页
        </Button>
      </Space>
    </Space>
  );
}
