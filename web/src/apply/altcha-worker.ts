/**
 * The Web Worker that solves the proof-of-work challenge off the page's thread: altcha-lib's own v1
 * worker (messages `{type: 'work', payload}` and `{type: 'abort'}`; it answers the solution or null).
 * Built by web/build.ts as a classic script of its own under assets/ (the CSP allows same-origin
 * workers only), whose URL the form's bundle is given.
 */
import 'altcha-lib/v1/worker';
