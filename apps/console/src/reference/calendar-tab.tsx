import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, List, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { LoadYearDialog } from './load-year-dialog';

type Summary = Schemas['CalendarYearSummary'];
type Day = { date: string; kind: 'holiday' | 'workday'; name?: string };

function DayList({ title, days, testId }: { title: string; days: Day[]; testId: string }) {
  return (
    <Card size="small" title={`${title}（${days.length} 天）`} data-testid={testId}>
      <List
        size="small"
        dataSource={days}
        style={{ maxHeight: 360, overflow: 'auto' }}
        renderItem={(d) => (
          <List.Item>
            {d.date} <Tag>{d.name ?? '—'}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 工作日历: the years loaded and their source; a year's holidays and 调休 working days; load or replace a year. */
export function CalendarTab() {
  const [year, setYear] = useState<number>();
  const [loading, setLoading] = useState(false);
  const years = useQuery({
    queryKey: ['calendar'],
    queryFn: () => ok(api.GET('/api/v1/reference/calendar')),
  });
  const shown = year ?? years.data?.[years.data.length - 1]?.year;
  const detail = useQuery({
    queryKey: ['calendar', shown],
    enabled: shown !== undefined,
    queryFn: () => ok(api.GET('/api/v1/reference/calendar/{year}', { params: { path: { year: shown! } } })),
  });
  const days = (detail.data?.days ?? []) as Day[];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setLoading(true)}>
        载入年度日历
      </Button>
      <ApiErrorAlert error={years.error ?? detail.error} />
      <Table<Summary>
        rowKey="year"
        size="small"
        loading={years.isLoading}
        dataSource={years.data ?? []}
        pagination={false}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: shown ? [shown] : [],
          onChange: (k) => setYear(Number(k[0])),
        }}
        onRow={(y) => ({ onClick: () => setYear(y.year), 'data-testid': `year-${y.year}` }) as object}
        columns={[
          { title: '年度', dataIndex: 'year' },
          { title: '来源', dataIndex: 'source' },
          { title: '节假日与调休天数', dataIndex: 'days' },
        ]}
      />
      {shown !== undefined && (
        <Row gutter={16}>
          <Col span={12}>
            <DayList
              title={`${shown} 年节假日`}
              testId="holidays"
              days={days.filter((d) => d.kind === 'holiday')}
            />
          </Col>
          <Col span={12}>
            <DayList
              title={`${shown} 年调休上班日`}
              testId="workdays"
              days={days.filter((d) => d.kind === 'workday')}
            />
          </Col>
        </Row>
      )}
      <LoadYearDialog open={loading} onClose={() => setLoading(false)} onLoaded={setYear} />
    </Space>
  );
}
