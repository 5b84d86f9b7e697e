/**
 * Dollars as the app shows them: four decimals below a dollar (a request often costs a fraction of
 * a cent), two above. Its own module: the inspector shows costs at first paint without loading the
 * model catalogue.
 */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.0001) return '<$0.0001';
  if (amount < 1) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}
