/** CSV for spreadsheet users (Excel opens UTF-8 with a BOM), safe against formula injection. */
const FORMULA_START = /^[=+\-@\t\r]/;

export const csvCell = (value: unknown): string => {
  let text =
    value === undefined || value === null ? '' : Array.isArray(value) ? value.join('|') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const toCsv = (columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string =>
  `\uFEFF${[columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\r\n')}\r\n`;
