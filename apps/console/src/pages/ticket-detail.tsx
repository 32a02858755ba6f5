import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Card, Descriptions, List, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, ApiFailure, ok } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';
import { useSession } from '../session';
import { FeedbackActions } from '../tickets/feedback-actions';
import { STATUS_LABEL } from './tickets';

const FEEDBACK: Record<string, string> = {
  accepted: '签收',
  returned: '退单',
  closed: '办结',
  dispatched: '人工分派',
};

/** One ticket: why it went where it went (rules and words), its revisions, and the departments' feedback. */
export function TicketDetailPage() {
  const { id = '' } = useParams();
  const session = useSession();
  // After an answer is sent, poll until the router has applied it (a new feedback entry on the ticket).
  const [waitFor, setWaitFor] = useState<number | null>(null);
  const ticket = useQuery({
    queryKey: ['ticket', id],
    retry: false,
    refetchInterval: (q) =>
      waitFor !== null && (q.state.data?.feedback.length ?? 0) <= waitFor ? 1000 : false,
    queryFn: () => ok(api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });
  if (ticket.isLoading) return <Spin />;
  if (ticket.error instanceof ApiFailure && ticket.error.status === 404)
    return (
      <Result
        status="404"
        title="未找到工单"
        subTitle={`${ticket.error.message}（关联编号 ${ticket.error.correlationId ?? '—'}）`}
        extra={
          <Link to="/tickets">
            <Button>返回工单列表</Button>
          </Link>
        }
      />
    );
  if (!ticket.data) return <ApiErrorAlert error={ticket.error} />;
  const t = ticket.data;
  const d = t.ticket.decision;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        工单 {t.id}
      </Typography.Title>
      <Card title="决定">
        <Descriptions column={2} size="small">
          <Descriptions.Item label="状态">
            <Tag data-testid="ticket-status">{STATUS_LABEL[t.status]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="方式">{d.mode === 'auto' ? '自动分派' : '人工分拣'}</Descriptions.Item>
          <Descriptions.Item label="主办">
            <span data-testid="ticket-lead">
              {d.lead ? `${d.lead.unitName}（${d.lead.department}）` : '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="协办">{d.co.map((c) => c.unitName).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="属地">
            {[d.jurisdiction.county, d.jurisdiction.town, d.jurisdiction.village].filter(Boolean).join(' ') ||
              '—'}
          </Descriptions.Item>
          <Descriptions.Item label="等级">{d.grade}</Descriptions.Item>
          <Descriptions.Item label="命中规则">{(d.matchedRules ?? []).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="办理时限">{shanghai(d.dueAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph strong style={{ marginTop: 12 }}>
          解释
        </Typography.Paragraph>
        <List size="small" dataSource={d.explanation} renderItem={(line) => <List.Item>{line}</List.Item>} />
      </Card>
      {session.role === 'consumer' && (
        <FeedbackActions
          id={t.id}
          status={t.status}
          waiting={waitFor !== null && t.feedback.length <= waitFor}
          onSent={() => setWaitFor(t.feedback.length)}
        />
      )}
      <Card title="诉求">
        <Typography.Paragraph strong>{t.ticket.item.title ?? '—'}</Typography.Paragraph>
        <Typography.Paragraph>{t.ticket.item.content}</Typography.Paragraph>
      </Card>
      <Card title="版本">
        <List
          size="small"
          dataSource={t.revisions}
          renderItem={(r) => (
            <List.Item>
              第 {r.revision} 版 · 收到 {shanghai(r.receivedAt)} · {r.decided ? '已决定' : '待决定'}
            </List.Item>
          )}
        />
      </Card>
      <Card title="反馈">
        <Timeline
          items={[
            ...t.trace.map((x) => ({
              color: 'blue',
              children: `决定第 ${x.decisionRevision} 版 · ${shanghai(x.decidedAt)} · ${x.lead?.unitName ?? '分拣'}`,
            })),
            ...t.feedback.map((f) => ({
              color: f.kind === 'returned' ? 'red' : 'green',
              children: `${FEEDBACK[f.kind] ?? f.kind} · ${f.department} · ${shanghai(f.at)}${f.reason ? ` · ${f.reason}` : ''}`,
            })),
          ]}
        />
      </Card>
    </Space>
  );
}
