/** One measured number, as printed in the table and written to JSON. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target, in words, e.g. "< 1 ms". */
  goal?: string;
  /** Whether the goal was met, when there is a goal to check. */
  pass?: boolean;
  /** Extra context: peer measurement, sample count, ratio. */
  note?: string;
}
