/**
 * A small typed client for the Movie Discovery API, written against the types that openapi-typescript
 * generates from docs/openapi.yaml into ./generated/api.d.ts.
 *
 * It is a contract check, not a test: `tsc -p tests/contract` type-checks it and nothing runs it.
 * When the document changes in a way a client would notice (a renamed field, a parameter that changes
 * type, a status code that disappears), this file stops compiling. See scripts/lint-openapi.sh.
 */
import type { components, paths } from "./generated/api";

export type Schemas = components["schemas"];
export type ErrorEnvelope = Schemas["ErrorEnvelope"];
export type ApiError = ErrorEnvelope["error"];

type HttpMethod = "get" | "put" | "post" | "delete" | "patch";

/** The operation behind a path and a method, e.g. `Operation<"/v1/movies", "get">`; `never` if undocumented. */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : undefined;

/** Every documented answer of an operation, discriminated by its status code. */
export type ApiResponse<Op> = Op extends { responses: infer Rs }
  ? { [S in keyof Rs & number]: { readonly status: S; readonly body: JsonContent<Rs[S]> } }[keyof Rs & number]
  : never;

type SuccessStatus = 200 | 201 | 202 | 204;
export type Success<Op> = Extract<ApiResponse<Op>, { status: SuccessStatus }>;
/** Error answers only: 304 Not Modified (conditional GET) is neither a success body nor an error. */
export type Failure<Op> = Exclude<ApiResponse<Op>, { status: SuccessStatus | 304 }>;

type PathParams<Op> = Op extends { parameters: { path: infer P } } ? P : never;
type QueryParams<Op> = Op extends { parameters: { query?: infer Q } } ? Q : never;
type JsonBody<Op> = Op extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** What one call sends; each member exists only when the operation documents it. */
type RequestParts<Op> = {
  readonly token?: string;
} & ([PathParams<Op>] extends [never] ? { readonly path?: never } : { readonly path: PathParams<Op> }) &
  ([QueryParams<Op>] extends [never] | [undefined] ? { readonly query?: never } : { readonly query: QueryParams<Op> }) &
  ([JsonBody<Op>] extends [never] ? { readonly body?: never } : { readonly body: JsonBody<Op> });

// The operations this client uses.
export type IssueTokenOp = Operation<"/v1/auth/token", "post">;
export type ListMoviesOp = Operation<"/v1/movies", "get">;
export type SaveMovieOp = Operation<"/v1/users/{user_id}/saved-movies", "post">;

export type TokenRequest = JsonBody<IssueTokenOp>;
export type ListMoviesQuery = QueryParams<ListMoviesOp>;
export type SaveMovieRequest = JsonBody<SaveMovieOp>;
export type UserId = PathParams<SaveMovieOp>["user_id"];
export type SaveMovieResponse = ApiResponse<SaveMovieOp>;

/** Any failure documented with the error envelope, thrown by the methods that only return success. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly envelope: ErrorEnvelope;

  constructor(status: number, envelope: ErrorEnvelope) {
    super(`HTTP ${status} ${envelope.error.code}: ${envelope.error.message}`);
    this.name = "ApiRequestError";
    this.status = status;
    this.envelope = envelope;
  }

  get code(): ApiError["code"] {
    return this.envelope.error.code;
  }

  /** The server's trace id; the document promises one in `details` of every error. */
  get traceId(): string | undefined {
    const details: Readonly<Record<string, unknown>> = this.envelope.error.details;
    const traceId = details["trace_id"];
    return typeof traceId === "string" ? traceId : undefined;
  }
}

/** Runtime guard for the error envelope (`{ "error": { "code", "message", "details" } }`). */
export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string" &&
    "details" in error &&
    typeof error.details === "object" &&
    error.details !== null
  );
}

export class MovieDiscoveryClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, fetchImpl: typeof fetch = fetch) {
    this.#baseUrl = baseUrl.replace(/\/+$/, "");
    this.#fetch = fetchImpl;
  }

  /** POST /v1/auth/token: exchange the credential for a bearer token. */
  async login(credential: TokenRequest): Promise<Schemas["TokenResponse"]> {
    const response = await this.#send("/v1/auth/token", "post", { body: credential });
    return MovieDiscoveryClient.#successBody(response);
  }

  /** GET /v1/movies: one page of the movies available in a country (public). */
  async listMovies(query: ListMoviesQuery): Promise<Schemas["PagedListOfMovieListItem"]> {
    const response = await this.#send("/v1/movies", "get", { query });
    return MovieDiscoveryClient.#successBody(response);
  }

  /**
   * POST /v1/users/{user_id}/saved-movies. Returns every documented answer so that the caller can tell
   * a duplicate (409) from an unavailable movie (422); see `describeSave` below.
   */
  saveMovie(token: string, userId: UserId, request: SaveMovieRequest): Promise<SaveMovieResponse> {
    return this.#send("/v1/users/{user_id}/saved-movies", "post", {
      token,
      path: { user_id: userId },
      body: request,
    });
  }

  async #send<P extends keyof paths, M extends HttpMethod>(
    path: P,
    method: M,
    parts: RequestParts<Operation<P, M>>,
  ): Promise<ApiResponse<Operation<P, M>>> {
    const pathParams: Readonly<Record<string, string | number>> = parts.path ?? {};
    const url = new URL(
      this.#baseUrl +
        String(path).replace(/\{([^}]+)\}/g, (_, name: string) => {
          const value = pathParams[name];
          if (value === undefined) throw new Error(`missing path parameter ${name} for ${String(path)}`);
          return encodeURIComponent(String(value));
        }),
    );
    const query: Readonly<Record<string, string | number | boolean | undefined>> = parts.query ?? {};
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }

    const headers = new Headers({ Accept: "application/json" });
    if (parts.token !== undefined) headers.set("Authorization", `Bearer ${parts.token}`);
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (parts.body !== undefined) {
      headers.set("Content-Type", "application/json");
      init.body = JSON.stringify(parts.body);
    }

    const response = await this.#fetch(url, init);
    const text = await response.text();
    const body: unknown = text === "" ? undefined : JSON.parse(text);
    if (response.status >= 400 && !isErrorEnvelope(body)) {
      throw new Error(`HTTP ${response.status} from ${method.toUpperCase()} ${String(path)} without the error envelope`);
    }
    // The one trusted step: the status and body are taken to be the documented ones.
    return { status: response.status, body } as ApiResponse<Operation<P, M>>;
  }

  /** The body of a success answer; any other answer becomes an ApiRequestError carrying the typed envelope. */
  static #successBody<R extends { readonly status: number; readonly body: unknown }>(
    response: R,
  ): Extract<R, { status: SuccessStatus }>["body"] {
    if (response.status >= 200 && response.status < 300) {
      return (response as Extract<R, { status: SuccessStatus }>).body;
    }
    if (isErrorEnvelope(response.body)) throw new ApiRequestError(response.status, response.body);
    throw new Error(`unexpected HTTP ${response.status}`);
  }
}

/** How a caller handles the typed answers of a save: each branch sees its own body type. */
export function describeSave(response: SaveMovieResponse): string {
  switch (response.status) {
    case 201:
      return `saved movie ${String(response.body.id)} on ${String(response.body.date_added)}`;
    case 409:
      return `already saved (${response.body.error.code})`;
    case 422:
      return `not available in that country (${response.body.error.code})`;
    case 404:
      return `no such movie or user (${response.body.error.code}: ${response.body.error.message})`;
    default:
      return `failed with ${response.status} ${response.body.error.code}`;
  }
}

/** The README's walk-through, as a caller would write it. Type-checked, never run. */
export async function example(baseUrl: string): Promise<void> {
  const client = new MovieDiscoveryClient(baseUrl);
  const { access_token: token, token_type, expires_in } = await client.login({
    email: "alice@example.com",
    password: "alice-password",
  });
  console.log(`${token_type} token for ${expires_in} s`);

  const page = await client.listMovies({ country: "US", sort: "-year", page: 1, page_size: 20 });
  const first = page.data?.[0];
  console.log(`${page.total ?? 0} movies; first: ${first?.title ?? "none"} (${first?.year ?? "?"})`);

  const saved = await client.saveMovie(token, 1, { movie_id: first?.id ?? 5, country: "US" });
  console.log(describeSave(saved));

  try {
    // Pages start at 1: the API answers 400 VALIDATION_ERROR (a country outside the list would not compile).
    await client.listMovies({ country: "US", page: 0 });
  } catch (error) {
    if (error instanceof ApiRequestError) console.log(`${error.code} (trace ${error.traceId ?? "none"})`);
    else throw error;
  }
}

// Compile-time assertions on the contract this client relies on.
type Assert<T extends true> = T;
type Has<U, S> = [S] extends [U] ? true : false;
export type ContractChecks = [
  Assert<Has<SaveMovieResponse["status"], 201 | 400 | 401 | 403 | 404 | 409 | 422>>,
  Assert<Has<ApiResponse<ListMoviesOp>["status"], 200 | 400>>,
  Assert<Has<ApiResponse<IssueTokenOp>["status"], 200 | 401 | 429>>,
  Assert<Failure<SaveMovieOp>["body"] extends ErrorEnvelope ? true : false>,
  Assert<Failure<ListMoviesOp>["body"] extends ErrorEnvelope ? true : false>,
  Assert<ListMoviesQuery extends { country: string } ? true : false>,
];
