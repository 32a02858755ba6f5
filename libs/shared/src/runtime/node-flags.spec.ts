import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS, type HubApp } from './node-flags';

describe('APP_NODE_FLAGS', () => {
  const scripts = (
    JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;

  it.each(Object.keys(APP_NODE_FLAGS) as HubApp[])('npm run start:%s starts the app with them', (app) => {
    const flags = APP_NODE_FLAGS[app].join(' ');
    const entry = `dist/apps/${app}/src/main.js`;
    expect(scripts[`start:${app}`]).toBe(['node', flags, entry].filter(Boolean).join(' '));
  });
});
