/**
 * The HTTP requests a project's tests make, read from their text (Python and
 * TypeScript alike): `client.get("/posts/1")`, `await ac.post(f"{API}/posts")`,
 * `client.request("DELETE", "/posts/1")`, `request(app).get("/posts")`, and
 * whether a route's path template is one of them. Nothing is run.
 */

export interface TestRequest {
  /** Upper-case; `*` when the test names the path without a method (`PATHS = ["/posts"]`, a parametrized path). */
  method: string;
  /** Path segments; `*` for a segment that is not known statically (an f-string or template placeholder). */
  segments: string[];
  /** For `url_path_for("articles:create")` / `url_for(...)`: the route's name; the path is not known. */
  routeName?: string;
}

const VERBS = "get|post|put|patch|delete|head|options";
/** `.get("/x")`, `.post(f"{API}/x")`, `` .get(`/x/${id}`) ``: a path or URL as the first argument. */
const VERB_CALL = new RegExp(
  `\\.(${VERBS})\\(\\s*(?:([\\w.]+)\\s*\\+\\s*)?(?:f|rf|fr)?(["'\`])((?:/|\\{|\\$\\{|https?://)(?:(?!\\3)[^\\n])*)\\3`,
  "gi",
);
/** `.request("GET", "/x")`. */
const REQUEST_CALL = new RegExp(
  `\\.request\\(\\s*["'](${VERBS})["']\\s*,\\s*(?:f)?(["'\`])((?:/|\\{|https?://)(?:(?!\\2)[^\\n])*)\\2`,
  "gi",
);

/** Any string literal that is a path: a test may request it through a variable. */
const PATH_LITERAL = /(["'`])(\/[\w\-./{}:$]*)\1/g;
/**
 * A route by its name: `app.url_path_for("articles:create")`, `url_for(...)`, or a
 * namespaced name on its own (`("POST", "articles:favorite")` in a parametrize list).
 */
const ROUTE_NAME = /\burl_(?:path_)?for\(\s*["']([^"']+)["']|["']([\w.-]+:[\w.:-]+)["']/g;

/** The requests written in a test file's text. */
export function requestsInText(text: string): TestRequest[] {
  const out: TestRequest[] = [];
  // Offsets of the paths verb calls pass: those requests have a method already.
  const inCalls = new Set<number>();
  for (const match of text.matchAll(VERB_CALL)) {
    // `settings.API_V1_STR + "/items/"`: an unknown prefix.
    const prefix = match[2] ? "{}" : "";
    out.push({ method: match[1].toUpperCase(), segments: segmentsOf(prefix + match[4]) });
    inCalls.add(match.index + match[0].length - match[4].length - 2);
  }
  for (const match of text.matchAll(REQUEST_CALL)) {
    out.push({ method: match[1].toUpperCase(), segments: segmentsOf(match[3]) });
    inCalls.add(match.index + match[0].length - match[3].length - 2);
  }
  for (const match of text.matchAll(PATH_LITERAL)) {
    if (match[2].length > 1 && !inCalls.has(match.index)) {
      out.push({ method: "*", segments: segmentsOf(match[2]) });
    }
  }
  for (const match of text.matchAll(ROUTE_NAME)) {
    out.push({ method: "*", segments: [], routeName: match[1] ?? match[2] });
  }
  return out;
}

/** `/posts/{id}?x=1` -> posts, *; the scheme and host of a URL dropped. */
export function segmentsOf(path: string): string[] {
  const bare = path.replace(/^https?:\/\/[^/]*/, "").replace(/[?#].*$/, "");
  return bare
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (/[{}]|\$\{|^:/.test(s) ? "*" : s));
}

/**
 * Whether a request reaches a route's path template. Compared from the end, the
 * shorter of the two against the tail of the longer: a prefix the route table
 * cannot know (a mounted sub-application, a client's `base_url`) does not hide
 * a test. A placeholder on either side matches any segment, but at least one
 * literal segment must match a literal one (`/x` does not reach `/{org}/{id}`).
 */
export function requestMatches(route: string[], request: string[]): boolean {
  if (route.length === 0 || request.length === 0) return route.length === request.length;
  const n = Math.min(route.length, request.length);
  let literal = false;
  for (let i = 1; i <= n; i++) {
    const a = route[route.length - i];
    const b = request[request.length - i];
    if (a !== "*" && b !== "*") {
      if (a !== b) return false;
      literal = true;
    }
  }
  return literal || route.length === request.length;
}
