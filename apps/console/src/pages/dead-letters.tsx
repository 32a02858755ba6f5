import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Letter = Schemas['DeadLetter'];

/** 死信: records and messages that failed, with the reason and where the raw record sits; replay re-queues one. */
export function DeadLettersPage() {
  const queries = useQueryClient();
  // The API pages by cursor: keep the cursors of the pages seen so far to go back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery({
    queryKey: ['dead-letters', cursor],
    queryFn: () => ok(api.GET('/api/v1/dead-letters', { params: { query: { cursor, limit: 20 } } })),
  });
  const replay = useMutation({
    mutationFn: (id: string) =>
      ok(api.POST('/api/v1/dead-letters/{id}/replay', { params: { path: { id } } })),
    onSuccess: () => {
      void message.success('已重放');
      void queries.invalidateQueries({ queryKey: ['dead-letters'] });
    },
  });
  const next = list.data?.nextCursor;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        死信
      </Typography.Title>
      <ApiErrorAlert error={list.error ?? replay.error} />
      <Table<Letter>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.deadLetters}
        pagination={false}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '时间', dataIndex: 'createdAt', width: 160, render: (v: string) => shanghai(v) },
          { title: '阶段', dataIndex: 'stage', width: 90 },
          {
            title: '原因',
            render: (_, l) => (
              <Space direction="vertical" size={0}>
                <Tag color="red">{l.reasonCode}</Tag>
                <Typography.Text>{l.reason}</Typography.Text>
              </Space>
            ),
          },
          {
            title: '原始记录',
            render: (_, l) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.connectorId
                  ? `渠道 ${l.connectorId}`
                  : l.topic
                    ? `${l.topic}[${l.partition}]@${l.offset}`
                    : '—'}
                {l.messageKey ? ` · ${l.messageKey}` : ''}
              </Typography.Text>
            ),
          },
          {
            title: '操作',
            width: 150,
            render: (_, l) =>
              l.replayedAt ? (
                <Tag color="green">已重放 {shanghai(l.replayedAt)}</Tag>
              ) : (
                <Button
                  size="small"
                  disabled={!!l.notReplayable}
                  title={l.notReplayable ?? undefined}
                  loading={replay.isPending && replay.variables === l.id}
                  onClick={() => replay.mutate(l.id)}
                >
                  重放
                </Button>
              ),
          },
        ]}
      />
      <Space>
        <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!next} onClick={() => next && setCursors((c) => [...c, Number(next)])}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
