/** What an ALB listener rule matches beyond path and method, and what it answers without a target. */

/**
 * ALB listener rule conditions on the request beyond its path and method (ELB "Listener rules",
 * condition types). Values are patterns with `*` and `?`, compared without regard to case; in each
 * list one match is enough, and every condition given must hold.
 */
export interface AlbConditions {
  /** host-header: the Host header, without its port. */
  readonly hosts?: readonly string[];
  /** http-header: a header by name, any of its values. */
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly values: readonly string[] }>;
  /** query-string: a parameter by key (any key when absent) whose value matches. */
  readonly query?: ReadonlyArray<{ readonly key?: string; readonly value: string }>;
}

/** An ALB action that answers without a target (ELB "Listener rules", action types). */
export type AlbAnswer =
  | { readonly kind: 'fixed-response'; readonly statusCode: number; readonly contentType: string; readonly body: string }
  /** Protocol, Host, Port, Path and Query may hold #{protocol}, #{host}, #{port}, #{path} and #{query}. */
  | { readonly kind: 'redirect'; readonly statusCode: 301 | 302; readonly protocol: string; readonly host: string; readonly port: string; readonly path: string; readonly query: string };
