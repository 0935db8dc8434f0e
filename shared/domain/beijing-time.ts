/** Beijing time (Asia/Shanghai: UTC+8, no daylight saving) without a calendar: cheap to import anywhere. */
const OFFSET_MS = 8 * 3600 * 1000;

/** The Asia/Shanghai calendar date of an ISO instant. */
export const beijingDate = (iso: string): string => {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) throw new Error(`not an instant: ${iso}`);
  return new Date(time + OFFSET_MS).toISOString().slice(0, 10);
};
