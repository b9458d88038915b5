// The undici modules api/undici.ts loads, typed by undici's public declarations
// of what each one exports (see undici.ts for why they are loaded one by one).
declare module 'undici/lib/dispatcher/agent.js' {
  import {Agent} from 'undici';
  export = Agent;
}
declare module 'undici/lib/core/connect.js' {
  const buildConnector: typeof import('undici').buildConnector;
  export = buildConnector;
}
declare module 'undici/lib/web/fetch/index.js' {
  export const fetch: typeof import('undici').fetch;
}
declare module 'undici/lib/web/fetch/headers.js' {
  export const Headers: typeof import('undici').Headers;
}
declare module 'undici/lib/web/fetch/request.js' {
  export const Request: typeof import('undici').Request;
}
declare module 'undici/lib/web/fetch/response.js' {
  export const Response: typeof import('undici').Response;
}
declare module 'undici/lib/web/fetch/formdata.js' {
  export const FormData: typeof import('undici').FormData;
}
