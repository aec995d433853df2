/**
 * The HTTP API contract between the extension and the backend: the one place where routes'
 * bodies, limits and error codes are defined. Both sides import this module and nothing else of
 * each other (the boundaries test enforces it), so they cannot drift apart silently.
 */
export * from './limits';
export * from './errors';
export * from './requests';
export * from './responses';
export * from './viewers';
export * from './sharing';
export * from './watch-page';
export * from './clock-time';
