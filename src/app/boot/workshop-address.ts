/**
 * A workshop link's own parameters, read once the page has loaded: `?cap=<USD>` (the learner's
 * spend cap, ../settings/link-spend-cap.ts) and `?present=1` (presenter view). A cap kept earlier
 * in this tab session holds even when the link no longer says it.
 */
import { linkCapUsd, parseLinkCap, rememberLinkCap } from '../settings/link-spend-cap';
import { workshopCap } from '../settings/workshop-cap.svelte';
import { presenter } from '../layout/presenter.svelte';
import { mount } from 'svelte';

export function readWorkshopAddress(search: string = location.search): void {
  const params = new URLSearchParams(search);
  const written = params.get('cap');
  if (written !== null) {
    const parsed = parseLinkCap(written);
    if ('usd' in parsed) rememberLinkCap(parsed.usd);
    else workshopCap.problem = parsed.problem;
  }
  const cap = linkCapUsd();
  if (cap !== undefined) {
    workshopCap.usd = cap;
    // The session may be up already: its next run takes the cap.
    void import('../settings/model-service').then(({ applySavedLimits }) => applySavedLimits());
  }
  if (params.get('present') === '1') presenter.on = true;
  if (workshopCap.usd !== undefined || workshopCap.problem !== undefined) void showCapNotice();
}

/** The notice goes under the header, with the other page-wide notices; it loads only for a workshop link. */
async function showCapNotice(): Promise<void> {
  const target = document.querySelector('.shell > .notices');
  if (target === null) return;
  const { default: WorkshopCapNotice } = await import('../settings/WorkshopCapNotice.svelte');
  mount(WorkshopCapNotice, { target });
}
