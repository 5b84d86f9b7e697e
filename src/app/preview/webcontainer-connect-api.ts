/**
 * The library's connect module behind a file of our own, so the build gives it a chunk of its
 * own (`webcontainer-connect-api-<hash>.js`): it loads only on the connect page, and browser
 * tests can stub it at the network edge.
 */
export { setupConnect } from '@webcontainer/api/connect';
