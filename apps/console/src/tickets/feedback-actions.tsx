import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';

type Kind = 'accept' | 'return' | 'close';
type Status = Schemas['Ticket']['status'];

/** What each answer is called, and what the reason field means for it (办结's is the reply the citizen reads). */
const KINDS: Record<Kind, { label: string; reason?: string; required?: boolean }> = {
  accept: { label: '受理' },
  return: { label: '退单', reason: '退单原因', required: true },
  close: { label: '办结', reason: '答复群众（公开诉求在回音壁上脱敏展示）' },
};

/** The states the gateway accepts each answer from; the API still refuses the rest (409). */
function allowed(kind: Kind, status: Status): boolean {
  if (kind === 'accept') return status === 'routed';
  return status === 'routed' || status === 'accepted';
}

/**
 * 受理 / 退单 / 办结 for a consumer key. The gateway only publishes the answer (202); the router applies it, so the
 * page polls the ticket until its status or feedback changes.
 */
export function FeedbackActions(props: { id: string; status: Status; waiting: boolean; onSent: () => void }) {
  const { id, status, waiting, onSent } = props;
  const client = useQueryClient();
  const [open, setOpen] = useState<Kind | null>(null);
  const [form] = Form.useForm<{ reason?: string }>();
  const send = useMutation({
    mutationFn: (body: { kind: Kind; reason?: string }) =>
      ok(api.POST('/api/v1/tickets/{id}/feedback', { params: { path: { id } }, body })),
    onSuccess: () => {
      setOpen(null);
      form.resetFields();
      onSent();
      void client.invalidateQueries({ queryKey: ['ticket', id] });
    },
  });
  const submit = (kind: Kind) => {
    if (!KINDS[kind].reason) return send.mutate({ kind });
    form.resetFields();
    send.reset();
    setOpen(kind);
  };
  const current = open ? KINDS[open] : undefined;
  return (
    <Card title="办理">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <Button
              key={k}
              type={k === 'close' ? 'primary' : 'default'}
              danger={k === 'return'}
              disabled={!allowed(k, status) || send.isPending}
              loading={send.isPending && send.variables?.kind === k}
              onClick={() => submit(k)}
            >
              {KINDS[k].label}
            </Button>
          ))}
        </Space>
        {!open && <ApiErrorAlert error={send.error} />}
        {waiting && <Typography.Text type="secondary">已提交，等待分拨器处理…</Typography.Text>}
      </Space>
      <Modal
        open={!!open}
        title={current?.label}
        okText="提交"
        cancelText="取消"
        confirmLoading={send.isPending}
        onCancel={() => setOpen(null)}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => open && send.mutate({ kind: open, reason: v.reason?.trim() || undefined }))
            // A refused field is shown under it; the rejection carries nothing more to report.
            .catch(() => undefined)
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={current?.reason}
            rules={current?.required ? [{ required: true, whitespace: true, message: '请填写退单原因' }] : []}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
        {open && <ApiErrorAlert error={send.error} />}
      </Modal>
    </Card>
  );
}
