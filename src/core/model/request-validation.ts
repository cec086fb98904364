/** A REST API method's request validation, as the readers give it to the gateway (core/gateway/request-validation). */

/** A REST method request parameter (`method.request.header.X`, `.querystring.X`, `.path.X`): where it is, and its name. */
export interface MethodParameter {
  readonly in: 'querystring' | 'header' | 'path';
  readonly name: string;
}

/**
 * A REST method's request validator with what it checks: the parameters the method requires (its
 * `validateRequestParameters`), and the body against the model of its content type (`validateRequestBody`).
 */
export interface RequestValidation {
  /** The required parameters, in the order the method lists them; absent when parameters are not validated. */
  readonly parameters?: readonly MethodParameter[];
  /** The JSON schema (draft 4) of each content type's model; absent when the body is not validated. */
  readonly bodyModels?: Readonly<Record<string, unknown>>;
  /** The API's models by name, which a schema's `$ref` may name. */
  readonly models?: Readonly<Record<string, unknown>>;
}
