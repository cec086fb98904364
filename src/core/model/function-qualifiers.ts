/**
 * A function's published aliases and versions, as its project declares them: SAM's AutoPublishAlias (an alias and a
 * version at each deploy), `AWS::Lambda::Alias` and `AWS::Lambda::Version` resources (CDK's `addAlias`,
 * `currentVersion`), serverless.yml's versions (`provider.versionFunctions`, true by default).
 */
export interface FunctionQualifiers {
  /** Each alias's name and the version it runs: the number its template writes, else `$LATEST` (dev runs the working copy). */
  readonly aliases: Readonly<Record<string, string>>;
  /** Numbered versions are published. */
  readonly versions: boolean;
}
