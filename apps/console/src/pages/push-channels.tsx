import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';

type Channel = Schemas['PushChannel'];

/** The signing secret, shown in this modal once: the API never answers it again. */
function SecretOnce({
  issued,
  onClose,
}: {
  issued: { channel: string; secret: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open={!!issued}
      title="签名密钥（仅显示一次）"
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Typography.Paragraph>渠道 {issued?.channel} 的签名密钥，关闭后无法再次查看：</Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: issued?.secret }}>
        <span data-testid="issued-secret">{issued?.secret}</span>
      </Typography.Paragraph>
    </Modal>
  );
}

/** 推送渠道: channels that push signed letters to /intake; create, enable/disable, rotate the signing secret. */
export function PushChannelsPage() {
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ channel: string; secret: string } | null>(null);
  const [form] = Form.useForm<{ channel: string }>();
  const list = useQuery({ queryKey: ['push-channels'], queryFn: () => ok(api.GET('/api/v1/push-channels')) });
  const refresh = () => void queries.invalidateQueries({ queryKey: ['push-channels'] });
  const create = useMutation({
    mutationFn: (channel: string) => ok(api.POST('/api/v1/push-channels', { body: { channel } })),
    onSuccess: (c) => {
      setCreating(false);
      form.resetFields();
      setIssued({ channel: c.channel, secret: c.issuedSecret ?? '' });
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (c: { channel: string; enabled: boolean }) =>
      ok(
        api.PATCH('/api/v1/push-channels/{channel}', {
          params: { path: { channel: c.channel } },
          body: { enabled: c.enabled },
        }),
      ),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (channel: string) =>
      ok(
        api.POST('/api/v1/push-channels/{channel}/rotate-secret', {
          params: { path: { channel } },
          body: {},
        }),
      ),
    onSuccess: (c) => setIssued({ channel: c.channel, secret: c.issuedSecret ?? '' }),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          推送渠道
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建推送渠道
        </Button>
      </Space>
      <ApiErrorAlert error={list.error ?? toggle.error ?? rotate.error} />
      <Table<Channel>
        rowKey="channel"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '渠道', dataIndex: 'channel' },
          { title: '签名密钥', render: () => '已设置' },
          {
            title: '最大请求体',
            dataIndex: 'maxBodyBytes',
            render: (v: number) => `${Math.round(v / 1024)} KB`,
          },
          { title: '更新时间', dataIndex: 'updatedAt', render: (v: string) => shanghai(v) },
          {
            title: '启用',
            render: (_, c) => (
              <Switch
                checked={c.enabled}
                loading={toggle.isPending && toggle.variables?.channel === c.channel}
                onChange={(enabled) => toggle.mutate({ channel: c.channel, enabled })}
              />
            ),
          },
          {
            title: '操作',
            render: (_, c) => (
              <Popconfirm
                title="轮换后旧密钥立即失效，确定？"
                okText="轮换"
                cancelText="取消"
                onConfirm={() => rotate.mutate(c.channel)}
              >
                <Button size="small">轮换密钥</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title="新建推送渠道"
        okText="创建"
        cancelText="取消"
        confirmLoading={create.isPending}
        onCancel={() => setCreating(false)}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => create.mutate(v.channel))
            // A refused field is shown under it; the rejection carries nothing more to report.
            .catch(() => undefined)
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="channel"
            label="渠道标识"
            rules={[
              {
                required: true,
                pattern: /^[a-z][a-z0-9_]{1,39}$/,
                message: '小写字母开头，2–40 位小写字母、数字或下划线',
              },
            ]}
          >
            <Input />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={create.error} />
      </Modal>
      <SecretOnce issued={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}
