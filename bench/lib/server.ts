/**
 * A static server on 127.0.0.1 for the built bench page and the generated
 * data files. It sends cross-origin isolation headers so the page gets
 * high-resolution timers, and accepts uploads into the data folder so the
 * page can hand records to later runs in other browser contexts.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export interface BenchServer {
  origin: string;
  close(): Promise<void>;
}

/** Resolves `urlPath` inside `root`, or returns undefined for a path that leaves it. */
function resolveInside(root: string, urlPath: string): string | undefined {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined;
}

/**
 * Serves `pageRoot` at `/` and `dataRoot` at `/data/`; `PUT /data/NAME`
 * stores the request body as that file.
 */
export async function startServer(pageRoot: string, dataRoot: string, port: number): Promise<BenchServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const isData = url.pathname.startsWith('/data/');
    const root = isData ? dataRoot : pageRoot;
    const relative = isData ? url.pathname.slice('/data/'.length) : url.pathname === '/' ? 'index.html' : url.pathname;
    const path = resolveInside(root, relative);

    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    response.setHeader('Cache-Control', 'no-store');
    if (!path) {
      response.writeHead(403).end('path outside the served folder');
      return;
    }

    if (request.method === 'PUT' && isData) {
      pipeline(request, createWriteStream(path))
        .then(() => response.writeHead(204).end())
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
      return;
    }

    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404).end(`not found: ${url.pathname}`);
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': size,
    });
    createReadStream(path).pipe(response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
