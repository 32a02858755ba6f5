import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, InputNumber, Modal } from 'antd';
import { api, ok } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { showFieldErrors } from './field-errors';

interface YearForm {
  year: number;
  source: string;
  days: string;
}
type Days = { date: string; kind: 'holiday' | 'workday'; name?: string }[];

/** Loads (or replaces) a year as the State Council notice sets it: the days as JSON, checked by the API. */
export function LoadYearDialog(props: {
  open: boolean;
  onClose: () => void;
  onLoaded: (year: number) => void;
}) {
  const queries = useQueryClient();
  const [form] = Form.useForm<YearForm>();
  const load = useMutation({
    mutationFn: (v: YearForm) =>
      ok(
        api.PUT('/api/v1/reference/calendar/{year}', {
          params: { path: { year: v.year } },
          body: { source: v.source, days: JSON.parse(v.days) as Days },
        }),
      ),
    onSuccess: (r) => {
      void queries.invalidateQueries({ queryKey: ['calendar'] });
      props.onLoaded(r.year);
      props.onClose();
    },
    onError: (e) => showFieldErrors(form, e, ['source', 'days']),
  });
  const parses = (_: unknown, text: string) => {
    try {
      return Array.isArray(JSON.parse(text))
        ? Promise.resolve()
        : Promise.reject(new Error('须为 JSON 数组'));
    } catch {
      return Promise.reject(new Error('不是有效的 JSON'));
    }
  };
  return (
    <Modal
      open={props.open}
      title="载入年度日历"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="载入"
      confirmLoading={load.isPending}
      width={640}
    >
      <Form<YearForm> form={form} layout="vertical" onFinish={(v) => load.mutate(v)}>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '年度必填' }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item
          name="source"
          label="来源（如国务院办公厅通知）"
          rules={[{ required: true, message: '来源必填' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="days"
          label='节假日与调休日（JSON：[{"date":"2027-01-01","kind":"holiday","name":"元旦"}]）'
          rules={[{ required: true, message: '请填写日期' }, { validator: parses }]}
        >
          <Input.TextArea rows={8} />
        </Form.Item>
        <ApiErrorAlert error={load.error} />
      </Form>
    </Modal>
  );
}
