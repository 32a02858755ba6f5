import { useMutation, useQuery } from '@tanstack/react-query';
import { Drawer, Form, Spin, Typography, message } from 'antd';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { compact, type JsonSchema } from '../components/schema-form';
import { ChannelForm, type ChannelValues } from './channel-form';
import { useConfigCheck } from './config-check';
import { apiFieldErrors, type FieldError, showConfigErrors } from './config-errors';
import { blankSecrets, dropBlankSecrets, storedSecrets, withoutSecrets } from './secret-config';

type Instance = Schemas['ConnectorInstance'];
type ConnectorType = Schemas['ConnectorType'];

/**
 * 编辑渠道: the create form, filled from GET /connectors/{id} as it is when the drawer opens. The list polls; the form
 * does not follow it, or a refresh would overwrite what the operator is typing.
 */
export function EditChannel({
  id,
  types,
  onClose,
  onSaved,
}: {
  id: string;
  types: ConnectorType[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const instance = useQuery({
    queryKey: ['connector', id],
    queryFn: () => ok(api.GET('/api/v1/connectors/{id}', { params: { path: { id } } })),
    // Not kept once closed: reopened, the form starts from what is stored now, not from a cached read.
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const type = types.find((t) => t.type === instance.data?.type);
  return (
    <Drawer title={`编辑渠道 ${instance.data?.name ?? id}`} open onClose={onClose} width={720}>
      <ApiErrorAlert error={instance.error} />
      {instance.data && type ? (
        <EditForm instance={instance.data} type={type} onSaved={onSaved} />
      ) : instance.error ? null : (
        <Spin />
      )}
    </Drawer>
  );
}

function EditForm({
  instance,
  type,
  onSaved,
}: {
  instance: Instance;
  type: ConnectorType;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<ChannelValues>();
  const secrets = storedSecrets(instance.config, type.secretFields);
  const check = useConfigCheck(form, type.type, secrets);
  const save = useMutation({
    mutationFn: () => {
      // The whole store, not just the rendered fields: config the generated form cannot show is sent back unchanged.
      const v = form.getFieldsValue(true) as ChannelValues;
      return ok(
        api.PATCH('/api/v1/connectors/{id}', {
          params: { path: { id: instance.id } },
          body: {
            name: v.name,
            schedule: v.schedule,
            enabled: v.enabled,
            config: compact(dropBlankSecrets(v.config, type.secretFields)) as Record<string, never>,
          },
        }),
      );
    },
    onSuccess: () => {
      void message.success('渠道已更新');
      onSaved();
    },
    onError: (e) => {
      const kept = blankSecrets((form.getFieldValue('config') ?? {}) as Record<string, unknown>, secrets);
      showConfigErrors(
        form,
        apiFieldErrors(e).map((f) => explainRebind(f, kept)),
      );
    },
  });
  return (
    <>
      <Typography.Paragraph type="secondary">
        类型 {type.type}（{type.channel}）。密钥字段只可写入：留空则保留已保存的值。
      </Typography.Paragraph>
      <ChannelForm
        form={form}
        schema={type.configSchema as JsonSchema}
        secretsSet={secrets}
        initialValues={{
          name: instance.name,
          schedule: instance.schedule,
          enabled: instance.enabled,
          config: withoutSecrets(instance.config, type.secretFields),
        }}
        check={check}
        saving={save.isPending}
        error={save.error}
        onSave={() => save.mutate()}
      />
    </>
  );
}

/**
 * An error at a stored secret the operator left blank: a secret valid when stored turns invalid only by the gateway's
 * origin binding (decision 022), a URL moved to another host, so that is said in the operator's words.
 */
function explainRebind(e: FieldError, kept: string[]): FieldError {
  const path = e.field?.replace(/^config\./, '');
  if (!path || !kept.includes(path)) return e;
  return { ...e, message: `地址已改到其他主机，已保存的密钥不会发往新地址，请重新输入（${e.message}）` };
}
