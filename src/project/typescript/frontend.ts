/**
 * Front-end code in a backend repository: a monorepo's Angular app, a React or
 * Vue client beside the API. Their `*.service.ts` are browser services, their
 * throws reach a UI: backend rules about services do not apply.
 */
const FRONTEND_IMPORT =
  /(?:\bfrom\s*|\bimport\s*|\brequire\(\s*)["'](?:@angular\/[\w-]+|react|react-dom|vue|svelte)["']/;

/** Whether a module imports a browser framework (Angular, React, Vue, Svelte). */
export function isFrontendModule(text: string): boolean {
  return FRONTEND_IMPORT.test(text);
}
