import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { showFieldErrors } from './field-errors';
import { UnitsTable } from './units-table';

type Department = Schemas['Department'];
type Body = {
  name: string;
  kind: 'government' | 'enterprise' | 'township';
  levels: ('city' | 'county' | 'town')[];
  scope?: string;
};

const KIND_LABEL: Record<string, string> = {
  government: '政府部门',
  enterprise: '企业',
  township: '乡镇街道',
};
const LEVEL_LABEL: Record<string, string> = { city: '市级', county: '县级', town: '乡镇级' };
const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** 部门与承办单位: the departments rules name, edited whole with PUT; each one's units per division below. */
export function DepartmentsTab() {
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Department>();
  const [selected, setSelected] = useState<string>();
  const [form] = Form.useForm<Body>();
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => ok(api.GET('/api/v1/reference/departments')),
  });
  const save = useMutation({
    mutationFn: (v: Body) =>
      ok(
        api.PUT('/api/v1/reference/departments/{code}', {
          params: { path: { code: editing!.code } },
          body: v,
        }),
      ),
    onSuccess: () => {
      setEditing(undefined);
      void queries.invalidateQueries({ queryKey: ['departments'] });
    },
    onError: (e) => showFieldErrors(form, e, ['name', 'kind', 'levels', 'scope']),
  });
  const open = (d: Department) => {
    save.reset();
    form.setFieldsValue({
      name: d.name,
      kind: d.kind as Body['kind'],
      levels: d.levels as Body['levels'],
      scope: d.scope,
    });
    setEditing(d);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ApiErrorAlert error={departments.error} />
      <Table<Department>
        rowKey="code"
        size="small"
        loading={departments.isLoading}
        dataSource={departments.data ?? []}
        pagination={{ pageSize: 10, showTotal: (n) => `共 ${n} 个部门` }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selected ? [selected] : [],
          onChange: (k) => setSelected(String(k[0])),
        }}
        columns={[
          { title: '代码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', render: (_, d) => KIND_LABEL[d.kind] ?? d.kind },
          { title: '层级', render: (_, d) => d.levels.map((l) => <Tag key={l}>{LEVEL_LABEL[l] ?? l}</Tag>) },
          { title: '职责', dataIndex: 'scope', ellipsis: true },
          {
            title: '操作',
            render: (_, d) => (
              <Button size="small" onClick={() => open(d)}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      <UnitsTable department={selected} />
      <Modal
        open={editing !== undefined}
        title={`编辑部门 ${editing?.code ?? ''}`}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={save.isPending}
      >
        <Form<Body> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '名称必填' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select options={options(KIND_LABEL)} />
          </Form.Item>
          <Form.Item name="levels" label="层级" rules={[{ required: true, message: '至少一个层级' }]}>
            <Select mode="multiple" options={options(LEVEL_LABEL)} />
          </Form.Item>
          <Form.Item name="scope" label="职责">
            <Input.TextArea rows={3} />
          </Form.Item>
          <ApiErrorAlert error={save.error} />
        </Form>
      </Modal>
    </Space>
  );
}
