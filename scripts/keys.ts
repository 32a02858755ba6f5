import { loadConfig } from '../libs/shared/src/config';
import { API_KEY_ROLES, type ApiKeyRole, createDataSource } from '../libs/shared/src/db';
import { ApiKeyError, ApiKeyStore } from '../libs/shared/src/keys';

const USAGE = `usage: npm run -s keys -- create --role admin|operator|consumer|auditor --name NAME
         [--counties 341221,341226] [--departments d1,d2] [--expires-days N]
       npm run -s keys -- list
       npm run -s keys -- revoke KEY_ID
The key is printed once, on stdout; only its hash is stored. This is how the first admin key is made.`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function list(v: string | undefined): string[] | undefined {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const actor = `cli:${process.env.USER ?? 'unknown'}`;
  const db = createDataSource(loadConfig().DATABASE_URL, { applicationName: 'minsheng-keys' });
  await db.initialize();
  try {
    const store = new ApiKeyStore(db);
    if (command === 'create') {
      const role = flag(args, 'role') as ApiKeyRole;
      if (!API_KEY_ROLES.includes(role)) throw new ApiKeyError('invalid_key_request', USAGE);
      const days = flag(args, 'expires-days');
      const { key, view } = await store.create(
        {
          name: flag(args, 'name') ?? '',
          role,
          counties: list(flag(args, 'counties')),
          departments: list(flag(args, 'departments')),
          expiresAt: days ? new Date(Date.now() + Number(days) * 86_400_000) : null,
        },
        actor,
      );
      process.stderr.write(
        `created ${view.role} key ${view.id} (${view.name}); store it now, it is not shown again\n`,
      );
      process.stdout.write(`${key}\n`);
    } else if (command === 'list') {
      for (const k of await store.list()) process.stdout.write(`${JSON.stringify(k)}\n`);
    } else if (command === 'revoke' && args[0]) {
      await store.revoke(args[0], actor);
    } else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof ApiKeyError ? 2 : 1;
  } finally {
    await db.destroy();
  }
}

void main().then((code) => process.exit(code));
