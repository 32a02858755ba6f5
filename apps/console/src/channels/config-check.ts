import { useMutation } from '@tanstack/react-query';
import { type FormInstance, message } from 'antd';
import { api, ok } from '../api/client';
import { compact } from '../components/schema-form';
import { formName, showConfigErrors } from './config-errors';
import { blankSecrets, dropBlankSecrets } from './secret-config';

/**
 * 检查连接 of the config in the form, as it stands, against the live source (POST /connector-types/{type}/check):
 * one for the create and the edit form. That call takes the whole config in the clear, and a stored secret never
 * comes back to the browser, so an edit that keeps one asks for it again instead of checking without it.
 */
export function useConfigCheck(form: FormInstance, type: string | undefined, stored: string[] = []) {
  const check = useMutation({
    mutationFn: (config: Record<string, unknown>) =>
      ok(
        api.POST('/api/v1/connector-types/{type}/check', {
          params: { path: { type: type! } },
          body: { config },
        }),
      ),
    onSuccess: (r) => {
      if (r.ok) void message.success(`检查通过：样本 ${r.sample} 条`);
      else showConfigErrors(form, r.errors);
    },
  });
  const run = () => {
    const config = (form.getFieldValue('config') ?? {}) as Record<string, unknown>;
    const missing = blankSecrets(config, stored);
    if (missing.length) {
      form.setFields(
        missing.map((path) => ({
          name: formName(`config.${path}`),
          errors: [
            '检查连接需重新输入此密钥：已保存的密钥不会发回浏览器（保存后可用列表中的“检查”检查已保存的配置）',
          ],
        })),
      );
      return;
    }
    check.mutate(compact(dropBlankSecrets(config, stored)) as Record<string, unknown>);
  };
  return { run, pending: check.isPending, result: check.data, error: check.error };
}

export type ConfigCheck = ReturnType<typeof useConfigCheck>;
