import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';
import { showFieldErrors } from './field-errors';

type Unit = Schemas['Unit'];

/** 承办单位: a department's unit per division (all departments when none is chosen); the unit name is editable. */
export function UnitsTable({ department }: { department?: string }) {
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Unit>();
  const [form] = Form.useForm<{ unitName: string }>();
  const units = useQuery({
    queryKey: ['units', department],
    queryFn: () => ok(api.GET('/api/v1/reference/units', { params: { query: { department } } })),
  });
  const save = useMutation({
    mutationFn: (unitName: string) =>
      ok(
        api.PUT('/api/v1/reference/units/{department}/{division}', {
          params: { path: { department: editing!.department, division: editing!.division } },
          body: { unitName },
        }),
      ),
    onSuccess: () => {
      setEditing(undefined);
      void queries.invalidateQueries({ queryKey: ['units'] });
    },
    onError: (e) => showFieldErrors(form, e, ['unitName']),
  });
  return (
    <>
      <Typography.Title level={5}>
        承办单位{department ? `（${department}）` : '（全部部门，选中上方部门可筛选）'}
      </Typography.Title>
      <ApiErrorAlert error={units.error} />
      <Table<Unit>
        rowKey={(u) => `${u.department}/${u.division}`}
        size="small"
        loading={units.isLoading}
        dataSource={units.data ?? []}
        pagination={{ pageSize: 10, showTotal: (n) => `共 ${n} 个单位` }}
        columns={[
          { title: '部门', dataIndex: 'department' },
          { title: '区划代码', dataIndex: 'division' },
          { title: '单位名称', dataIndex: 'unitName' },
          { title: '更新时间', render: (_, u) => shanghai(u.updatedAt) },
          {
            title: '操作',
            render: (_, u) => (
              <Button
                size="small"
                onClick={() => {
                  save.reset();
                  form.setFieldsValue({ unitName: u.unitName });
                  setEditing(u);
                }}
              >
                编辑
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title="编辑承办单位"
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={save.isPending}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.unitName)}>
          <Form.Item name="unitName" label="单位名称" rules={[{ required: true, message: '单位名称必填' }]}>
            <Input />
          </Form.Item>
          <ApiErrorAlert error={save.error} />
        </Form>
      </Modal>
    </>
  );
}
