// The console model lives in session/ (no React): the live session implements
// it over the client, and ui/ only reads it.
export * from '../../session/console-model.js';
