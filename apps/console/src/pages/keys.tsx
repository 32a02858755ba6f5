import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';
import { ROLE_LABEL } from '../session';

type Key = Schemas['ApiKey'];
type Role = Key['role'];

interface NewKey {
  name: string;
  role: Role;
  counties?: string;
}

/** 密钥: keys without their secrets; a new key is shown once, in the dialog that created it. */
export function KeysPage() {
  const queries = useQueryClient();
  const [form] = Form.useForm<NewKey>();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string>();
  const keys = useQuery({ queryKey: ['keys'], queryFn: () => ok(api.GET('/api/v1/keys')) });
  const create = useMutation({
    mutationFn: (v: NewKey) =>
      ok(
        api.POST('/api/v1/keys', {
          body: {
            name: v.name,
            role: v.role,
            counties: v.counties ? v.counties.split(/[,，\s]+/).filter(Boolean) : undefined,
          },
        }),
      ),
    onSuccess: (r) => {
      setIssued(r.key);
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/v1/keys/{id}', { params: { path: { id } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['keys'] }),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          密钥
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建密钥
        </Button>
      </Space>
      <ApiErrorAlert error={keys.error ?? revoke.error} />
      <Table<Key>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个` }}
        columns={[
          { title: '编号', dataIndex: 'id' },
          { title: '名称', dataIndex: 'name' },
          { title: '角色', render: (_, k) => ROLE_LABEL[k.role] },
          { title: '县区', render: (_, k) => k.counties.join('、') || '—' },
          { title: '最近使用', render: (_, k) => shanghai(k.lastUsedAt) },
          {
            title: '状态',
            render: (_, k) => (k.revokedAt ? <Tag color="red">已吊销</Tag> : <Tag color="green">有效</Tag>),
          },
          {
            title: '操作',
            render: (_, k) =>
              k.revokedAt ? null : (
                <Popconfirm
                  title="立即吊销该密钥？使用它的系统将无法再访问。"
                  onConfirm={() => revoke.mutate(k.id)}
                >
                  <Button size="small" danger>
                    吊销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title="新建密钥"
        onCancel={() => {
          setCreating(false);
          setIssued(undefined);
        }}
        onOk={() => (issued ? setCreating(false) : form.submit())}
        okText={issued ? '完成' : '创建'}
        confirmLoading={create.isPending}
      >
        {issued ? (
          <Alert
            type="warning"
            message="密钥只显示这一次，请立即复制保存"
            description={<Typography.Text copyable>{issued}</Typography.Text>}
          />
        ) : (
          <Form<NewKey> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: '名称必填' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select options={Object.entries(ROLE_LABEL).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="counties" label="县区代码（业务系统密钥，逗号分隔；341200 为全市）">
              <Input />
            </Form.Item>
            <ApiErrorAlert error={create.error} />
          </Form>
        )}
      </Modal>
    </Space>
  );
}
