import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { type NextFunction, type Request, type Response } from 'express';

/** The built console (npm run build → dist/console), beside dist/apps/gateway/src/console/ where this runs from. */
export const CONSOLE_DIR = join(__dirname, '..', '..', '..', '..', 'console');

/**
 * No inline or foreign script, no framing, no plugins, requests only to this origin. Styles allow 'unsafe-inline':
 * Ant Design writes its CSS-in-JS into <style> elements and its components set style attributes at run time, which
 * a nonce cannot cover (docs/decisions/027-console.md); a style cannot run code, a script can.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/**
 * Serves the console at /console: its files, and index.html for any other path without an extension (the
 * single-page app routes itself). Every answer carries the CSP and framing headers.
 */
export function consoleStatic(root: string = CONSOLE_DIR) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.originalUrl === '/console') return res.redirect(301, '/console/');
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      res
        .status(404)
        .json({ code: 'console_not_built', message: 'the console is not built (npm run build)' });
      return;
    }
    const found = fileUnder(root, req.path === '/' ? '/index.html' : req.path);
    if (!found && extname(req.path)) {
      res.status(404).json({ code: 'not_found', message: `no console file ${req.path}` });
      return;
    }
    const file = found ?? index;
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    // Hashed asset names change with their content; index.html names the current ones, so it is always revalidated.
    res.setHeader(
      'Cache-Control',
      file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}
