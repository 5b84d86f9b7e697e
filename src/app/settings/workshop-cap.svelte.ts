/**
 * The workshop link's spend cap as the page shows it (./link-spend-cap.ts keeps and enforces it),
 * or why the link's cap was ignored. Set by ../boot/workshop-address.ts after the page loads.
 */
class WorkshopCap {
  usd = $state<number | undefined>(undefined);
  problem = $state<string | undefined>(undefined);
}

export const workshopCap = new WorkshopCap();
