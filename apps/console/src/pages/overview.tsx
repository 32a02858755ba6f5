import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { Chart, type ChartOption } from '../components/chart';
import { shanghai } from '../format';

type Overview = Schemas['Overview'];

const REASON: Record<string, string> = {
  no_jurisdiction: '无法确定属地',
  ambiguous_jurisdiction: '属地有歧义',
  no_department: '无法确定部门',
  no_unit: '无承办单位',
  returned_too_often: '多次退单',
  manual: '人工',
  outside_city: '非本市',
};

/** The period's days, oldest first, so a day without items still shows as zero. */
function periodDays(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function charts(o: Overview) {
  const days = periodDays(o.today, o.days);
  const labels = days.map((d) => d.slice(5));
  const channels = [...new Set(o.itemsByDay.map((r) => r.channel))].sort();
  const count = new Map(o.itemsByDay.map((r) => [`${r.day}|${r.channel}`, r.items]));
  const decided = new Map(o.decisionsByDay.map((r) => [r.day, r]));
  const grid = { left: 40, right: 16, top: 36, bottom: 24 };
  // No animation: the figures are read, not watched, and a screenshot shows them whole.
  const byChannel: ChartOption = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: channels.map((channel) => ({
      name: channel,
      type: 'bar',
      stack: 'items',
      data: days.map((d) => count.get(`${d}|${channel}`) ?? 0),
    })),
  };
  const routedVsTriage: ChartOption = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '自动分派', type: 'line', smooth: true, data: days.map((d) => decided.get(d)?.auto ?? 0) },
      { name: '进入分拣', type: 'line', smooth: true, data: days.map((d) => decided.get(d)?.triage ?? 0) },
    ],
  };
  const reasons: ChartOption = {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: o.triageReasons.map((r) => ({ name: REASON[r.reason] ?? r.reason, value: r.tickets })),
      },
    ],
  };
  const bars = (rows: { name: string; tickets: number }[]): ChartOption => ({
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 130, right: 24, top: 8, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name) },
    series: [{ type: 'bar', data: rows.map((r) => r.tickets) }],
  });
  return { byChannel, routedVsTriage, reasons, counties: bars(o.counties), departments: bars(o.departments) };
}

/** 总览: today's figures and the last 30 days, all counted by the API (GET /api/v1/overview). */
export function OverviewPage() {
  const overview = useQuery({
    queryKey: ['overview'],
    queryFn: () => ok(api.GET('/api/v1/overview', { params: { query: { days: 30 } } })),
    refetchInterval: 30_000,
  });
  const o = overview.data;
  const options = useMemo(() => (o ? charts(o) : undefined), [o]);
  const stat = (title: string, value: number | undefined, testId: string, warn = false) => (
    <Col flex="1">
      <Card size="small">
        <Statistic
          title={title}
          value={value ?? '—'}
          valueStyle={warn && value ? { color: '#cf1322' } : undefined}
          valueRender={(node) => <span data-testid={testId}>{node}</span>}
        />
      </Card>
    </Col>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="small">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          总览
        </Typography.Title>
        <Space>
          <Typography.Text type="secondary">{o ? `统计于 ${shanghai(o.at)}` : ''}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => void overview.refetch()}>
            刷新
          </Button>
        </Space>
      </Space>
      <ApiErrorAlert error={overview.error} />
      {o ? (
        <Row gutter={12} wrap={false}>
          {stat('今日收到', o?.received.today, 'stat-received')}
          {stat('今日自动分派', o?.received.routedAuto, 'stat-auto')}
          {stat('分拣队列', o?.triageQueue, 'stat-triage', true)}
          {stat('已超期', o?.overdue, 'stat-overdue', true)}
          {stat(
            `渠道降级（共 ${o?.connectors.total ?? 0} 个）`,
            o?.connectors.degraded,
            'stat-degraded',
            true,
          )}
        </Row>
      ) : null}
      {options ? (
        <>
          <Row gutter={12}>
            <Col span={14}>
              <Card size="small" title={`近 ${o?.days} 天各渠道诉求量`}>
                <Chart option={options.byChannel} height={210} testId="chart-items" />
              </Card>
            </Col>
            <Col span={10}>
              <Card size="small" title="自动分派与进入分拣">
                <Chart option={options.routedVsTriage} height={210} />
              </Card>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={6}>
              <Card size="small" title="分拣原因（当前队列）">
                {o?.triageReasons.length ? (
                  <Chart option={options.reasons} height={180} />
                ) : (
                  <Empty description="分拣队列为空" style={{ height: 156 }} />
                )}
              </Card>
            </Col>
            <Col span={9}>
              <Card size="small" title="工单按县区">
                <Chart option={options.counties} height={180} />
              </Card>
            </Col>
            <Col span={9}>
              <Card size="small" title="工单按主办部门（前 10）">
                <Chart option={options.departments} height={180} />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </Space>
  );
}
