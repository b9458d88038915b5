// One HTTP stack per process, and only the parts of it vseg uses.
//
// vseg fetches with undici (http.ts) through an Agent that enforces its TLS
// trust (tls.ts). undici's entry point loads all of undici — its mock agents,
// caches, WebSocket, EventSource, proxy agents, HTTP/2 client and their
// built-ins — and reads globalThis.Headers while it loads, which makes Node
// load its own bundled copy of undici too: in a bare Node, 64 against 56 MB
// resident and 70 against 48 ms to load; in the console waiting for its site,
// about 3 MB (docs/PERFORMANCE.md). So the modules behind the exports vseg
// uses are loaded one by one (the package declares no export map;
// undici-parts.d.ts types them by undici's public declarations, and
// test/api/one-http-stack.test.ts checks they are the classes the package
// exports).
//
// ky builds every Request, Response and Headers from the globals, which in
// Node are that second copy; they are set to undici's own classes here, as
// undici's documented install() does, so ky, the fetch it is given and the
// responses it reads are one implementation. A plain assignment replaces
// Node's lazy global without loading what backs it. http.ts imports this
// module before ky, which reads the globals when it loads.
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import {fetch} from 'undici/lib/web/fetch/index.js';
import {FormData} from 'undici/lib/web/fetch/formdata.js';
import {Headers} from 'undici/lib/web/fetch/headers.js';
import {Request} from 'undici/lib/web/fetch/request.js';
import {Response} from 'undici/lib/web/fetch/response.js';

Object.assign(globalThis, {fetch, Headers, Request, Response, FormData});

export {Agent, buildConnector, fetch};
