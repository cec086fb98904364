/**
 * Stage names API Gateway accepts: "Stage names can only contain alphanumeric characters, hyphens, and
 * underscores. Maximum length is 128 characters." (API Gateway API reference, Stage stageName,
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html). HTTP APIs also take `$default`, which
 * their readers allow on their own. The Serverless Framework checks the characters only: /^[-_a-zA-Z0-9]+$/.
 */
export const STAGE_NAME = /^[-_a-zA-Z0-9]{1,128}$/;

/** What the readers say of a stage name API Gateway refuses. */
export const notAStageName = (name: string): string => `'${name}' is not a stage name API Gateway accepts (letters, digits, - and _)`;
