/**
 * The authorizer's one log line, without Powertools Logger: it runs before every public request, and the
 * logger (with `node:console` and its setup) was most of its cold start. The line is what Powertools would
 * write for it, one JSON object on stdout with the same keys (level, message, timestamp, service,
 * cold_start, function_request_id), so CloudWatch and the log queries read it like any other function's.
 * Lambda's own JSON log format (`loggingFormat: JSON`) is not relied on: stdout is taken as it is in
 * either format.
 */
export interface ErrorLog {
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

export const jsonErrorLog = (
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(line),
): ErrorLog => ({
  error: (message, fields) =>
    write(
      `${JSON.stringify({ level: 'ERROR', message, timestamp: new Date().toISOString(), service, ...fields })}\n`,
    ),
});
