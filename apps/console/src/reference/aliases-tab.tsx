import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';
import { showFieldErrors } from './field-errors';

type Alias = Schemas['JurisdictionAlias'];
interface AliasForm {
  alias: string;
  code: string;
  note?: string;
}

/** 别名/POI: names the gazetteer does not know, each pointing at a division; searched by the API, paged here. */
export function AliasesTab() {
  const queries = useQueryClient();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Alias | 'new'>();
  const [form] = Form.useForm<AliasForm>();
  const aliases = useQuery({
    queryKey: ['aliases', search],
    queryFn: () =>
      ok(
        api.GET('/api/v1/reference/aliases', { params: { query: { q: search || undefined, limit: 5000 } } }),
      ),
  });
  const done = () => void queries.invalidateQueries({ queryKey: ['aliases'] });
  const save = useMutation({
    mutationFn: (v: AliasForm) =>
      ok(
        api.PUT('/api/v1/reference/aliases/{alias}', {
          params: { path: { alias: v.alias } },
          body: { code: v.code, note: v.note || undefined },
        }),
      ),
    onSuccess: () => {
      setEditing(undefined);
      done();
    },
    onError: (e) => showFieldErrors(form, e, ['alias', 'code', 'note']),
  });
  const remove = useMutation({
    mutationFn: (alias: string) =>
      ok(api.DELETE('/api/v1/reference/aliases/{alias}', { params: { path: { alias } } })),
    onSuccess: done,
  });
  const open = (a: Alias | 'new') => {
    save.reset();
    form.resetFields();
    if (a !== 'new') form.setFieldsValue({ alias: a.alias, code: a.code, note: a.note ?? undefined });
    setEditing(a);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Input.Search placeholder="搜索别名" allowClear onSearch={setSearch} style={{ width: 280 }} />
        <Button type="primary" onClick={() => open('new')}>
          新增别名
        </Button>
      </Space>
      <ApiErrorAlert error={aliases.error ?? remove.error} />
      <Table<Alias>
        rowKey="alias"
        size="small"
        loading={aliases.isLoading}
        dataSource={aliases.data ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '别名/POI', dataIndex: 'alias' },
          { title: '区划代码', dataIndex: 'code' },
          { title: '区划', dataIndex: 'division' },
          { title: '备注', render: (_, a) => a.note ?? '—' },
          { title: '更新时间', render: (_, a) => shanghai(a.updatedAt) },
          {
            title: '操作',
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => open(a)}>
                  编辑
                </Button>
                <Popconfirm title={`删除别名「${a.alias}」？`} onConfirm={() => remove.mutate(a.alias)}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? '新增别名' : '编辑别名'}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={save.isPending}
      >
        <Form<AliasForm> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="alias" label="别名/POI" rules={[{ required: true, message: '别名必填' }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="code"
            label="区划代码（县、乡镇或村）"
            rules={[{ required: true, message: '区划代码必填' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input />
          </Form.Item>
          <ApiErrorAlert error={save.error} />
        </Form>
      </Modal>
    </Space>
  );
}
