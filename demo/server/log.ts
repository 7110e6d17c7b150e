/**
 * A small line logger: `time level message {fields}`. It writes what the
 * caller passes and nothing else, so request headers, tokens and bodies
 * never reach the log unless a caller adds them, which none does.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  write?: (line: string) => void;
  /** Keeps the last lines in memory too, for the test hooks. */
  keep?: number;
}

export class LineLogger implements Logger {
  /** The last lines written, oldest first; empty unless `keep` was set. */
  readonly recent: string[] = [];
  private readonly writeLine: (line: string) => void;
  private readonly keep: number;

  constructor(options: LoggerOptions = {}) {
    this.writeLine = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.keep = options.keep ?? 0;
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }

  private log(level: LogLevel, message: string, fields: Record<string, unknown> | undefined): void {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${fields ? ` ${JSON.stringify(fields, errorFields)}` : ''}`;
    this.writeLine(line);
    if (this.keep > 0) {
      this.recent.push(line);
      if (this.recent.length > this.keep) this.recent.shift();
    }
  }
}

function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
