import pino, { type Logger } from 'pino';

const ID_RE = /(?<![0-9])[0-9]{6}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g;
const PHONE_RE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

/** Replaces anything that looks like a national ID or mobile number with a redaction marker. */
export function scrubPersonalData(text: string): string {
  return text.replace(ID_RE, '[REDACTED-ID]').replace(PHONE_RE, '[REDACTED-PHONE]');
}

/** Where log lines go; tests pass a collector to scan them. */
export type LogSink = { write(line: string): void };

/** Structured JSON logger; every line is scrubbed of ID and phone numbers before it leaves the process. */
export function createLogger(level: string, sink: LogSink = process.stdout): Logger {
  return pino(
    {
      level,
      base: { service: 'renxing' },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'password', '*.password', '*.newPassword', '*.currentPassword'], censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    { write: (line: string) => sink.write(scrubPersonalData(line)) },
  );
}
