import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cascader, Form, Input, Modal, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Summary = Schemas['TicketSummary'];
type Grade = Schemas['RoutedTicketV1']['decision']['grade'];

const REASON: Record<string, string> = {
  no_jurisdiction: '无法确定属地',
  ambiguous_jurisdiction: '属地有歧义',
  no_department: '无法确定部门',
  no_unit: '无承办单位',
  returned_too_often: '多次退单',
  manual: '人工',
  outside_city: '非本市',
};
const GRADES: { value: Grade; label: string }[] = [
  { value: 'urgent', label: '紧急' },
  { value: 'simple', label: '简易' },
  { value: 'general', label: '一般' },
  { value: 'complex', label: '复杂' },
];

interface Place {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Place[];
}

const CITY = '3412';

async function placesUnder(parent: string): Promise<Place[]> {
  const page = await ok(
    api.GET('/api/v1/reference/divisions', { params: { query: { parent, limit: 500 } } }),
  );
  return page.divisions.map((d) => ({ value: d.code, label: d.name, isLeaf: d.level === 'village' }));
}

/** 分拣: the triage queue oldest first, and dispatching one with the gazetteer picker and departments. */
export function TriagePage() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [dispatching, setDispatching] = useState<Summary>();
  const cursor = cursors[cursors.length - 1];
  const queue = useQuery({
    queryKey: ['triage', cursor],
    queryFn: () => ok(api.GET('/api/v1/triage', { params: { query: { cursor, limit: 20 } } })),
    // The queue is live: a dispatched row leaves when the router has decided (after the dispatch call returns),
    // and new items arrive at any time.
    refetchInterval: 3000,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        分拣
      </Typography.Title>
      <ApiErrorAlert error={queue.error} />
      <Table<Summary>
        rowKey="id"
        loading={queue.isLoading}
        dataSource={queue.data?.tickets ?? []}
        pagination={false}
        columns={[
          { title: '编号', render: (_, t) => <Link to={`/tickets/${t.id}`}>{t.id}</Link> },
          { title: '标题', render: (_, t) => t.ticket.item.title ?? '—', ellipsis: true },
          { title: '原因', render: (_, t) => <Tag color="orange">{REASON[t.reason ?? ''] ?? t.reason}</Tag> },
          {
            title: '模型建议',
            render: (_, t) =>
              (t.ticket.decision.suggestions ?? [])
                .map((s) => `${s.department} ${Math.round(s.confidence * 100)}%`)
                .join('、') || '—',
          },
          { title: '收到时间', render: (_, t) => shanghai(t.receivedAt) },
          {
            title: '操作',
            render: (_, t) => (
              <Button
                size="small"
                type="primary"
                onClick={() => setDispatching(t)}
                data-testid={`dispatch-${t.id}`}
              >
                派单
              </Button>
            ),
          },
        ]}
      />
      <Space>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Typography.Text>第 {cursors.length} 页</Typography.Text>
        <Button
          disabled={!queue.data?.nextCursor}
          onClick={() => setCursors([...cursors, queue.data?.nextCursor ?? undefined])}
        >
          下一页
        </Button>
      </Space>
      {dispatching ? <DispatchDialog ticket={dispatching} onClose={() => setDispatching(undefined)} /> : null}
    </Space>
  );
}

interface DispatchValues {
  place: string[];
  lead: string;
  co?: string[];
  grade: Grade;
  note: string;
}

function DispatchDialog({ ticket, onClose }: { ticket: Summary; onClose: () => void }) {
  const [form] = Form.useForm<DispatchValues>();
  const queries = useQueryClient();
  const [places, setPlaces] = useState<Place[]>();
  const counties = useQuery({ queryKey: ['divisions', CITY], queryFn: () => placesUnder(CITY) });
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => ok(api.GET('/api/v1/reference/departments')),
  });
  const options = places ?? counties.data ?? [];
  const decide = useMutation({
    mutationFn: (v: DispatchValues) =>
      ok(
        api.POST('/api/v1/triage/{id}/decision', {
          params: { path: { id: ticket.id } },
          body: {
            jurisdiction: { county: v.place[0], town: v.place[1], village: v.place[2] },
            lead: v.lead,
            co: v.co ?? [],
            grade: v.grade,
            note: v.note,
            decisionRevision: ticket.decisionRevision,
          },
        }),
      ),
    onSuccess: () => {
      void message.success('已派单，等待路由器生成新决定');
      void queries.invalidateQueries({ queryKey: ['triage'] });
      onClose();
    },
  });
  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.name }));
  return (
    <Modal
      open
      title={`派单 ${ticket.id}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="派单"
      confirmLoading={decide.isPending}
      width={640}
    >
      <Form<DispatchValues>
        form={form}
        layout="vertical"
        onFinish={(v) => decide.mutate(v)}
        initialValues={{ grade: 'general' }}
      >
        <Form.Item
          name="place"
          label="属地（县区 → 乡镇 → 村社区）"
          rules={[{ required: true, message: '请选择属地' }]}
        >
          <Cascader
            data-testid="place-picker"
            options={options}
            changeOnSelect
            placeholder="选择县区"
            loadData={(path) => {
              const target = path[path.length - 1];
              void placesUnder(target.value).then((children) => {
                target.children = children;
                setPlaces([...options]);
              });
            }}
          />
        </Form.Item>
        <Form.Item name="lead" label="主办部门" rules={[{ required: true, message: '请选择主办部门' }]}>
          <Select showSearch optionFilterProp="label" options={departmentOptions} data-testid="lead-select" />
        </Form.Item>
        <Form.Item name="co" label="协办部门">
          <Select mode="multiple" showSearch optionFilterProp="label" options={departmentOptions} />
        </Form.Item>
        <Form.Item name="grade" label="等级">
          <Select options={GRADES} />
        </Form.Item>
        <Form.Item name="note" label="派单说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <ApiErrorAlert error={decide.error ?? counties.error ?? departments.error} />
      </Form>
    </Modal>
  );
}
