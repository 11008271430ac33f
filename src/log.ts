// The one logger (pino, JSON lines on stdout). Secrets are scrubbed from every line before it is written.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, secrets: string[] = [], destination: NodeJS.WritableStream = process.stdout): Logger {
  const scrub = (line: string): string => secrets.reduce((s, secret) => s.split(secret).join('[redacted]'), line);
  const stream = secrets.length === 0 ? destination : { write: (line: string) => destination.write(scrub(line)) };
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    stream as pino.DestinationStream,
  );
}

/** A logger that drops everything: for CLIs that print their own output and for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
