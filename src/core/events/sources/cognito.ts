import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';

/**
 * Each Cognito user pool trigger (SAM's `Trigger`, serverless.yml's `trigger`, CloudFormation's LambdaConfig
 * keys), the `triggerSource` of its commonest call, and the `request` and `response` keys Cognito sends it
 * (Cognito developer guide, "Customizing user pool workflows with Lambda triggers", one page per trigger;
 * samples: powertools tests/events/cognito*.json, aws-lambda-go cognito-event-userpools-*.json). The
 * response holds the keys the function may set, unset: false for a flag, null for the rest.
 */
export const COGNITO_TRIGGERS = {
  PreSignUp: { source: 'PreSignUp_SignUp', request: {}, response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false } },
  PostConfirmation: { source: 'PostConfirmation_ConfirmSignUp', request: {}, response: {} },
  PreAuthentication: { source: 'PreAuthentication_Authentication', request: {}, response: {} },
  PostAuthentication: { source: 'PostAuthentication_Authentication', request: { newDeviceUsed: false }, response: {} },
  PreTokenGeneration: {
    source: 'TokenGeneration_Authentication',
    request: { groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null } },
    response: { claimsOverrideDetails: null },
  },
  CustomMessage: {
    source: 'CustomMessage_SignUp',
    request: { codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  },
  DefineAuthChallenge: {
    source: 'DefineAuthChallenge_Authentication',
    request: { session: [{ challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null }], userNotFound: false },
    response: { challengeName: null, issueTokens: false, failAuthentication: false },
  },
  CreateAuthChallenge: {
    source: 'CreateAuthChallenge_Authentication',
    request: { challengeName: 'CUSTOM_CHALLENGE', session: [{ challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null }], userNotFound: false },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  },
  VerifyAuthChallengeResponse: {
    source: 'VerifyAuthChallengeResponse_Authentication',
    request: { privateChallengeParameters: { answer: '42' }, challengeAnswer: '42', userNotFound: false },
    response: { answerCorrect: false },
  },
  UserMigration: {
    source: 'UserMigration_Authentication',
    request: { password: 'Passw0rd!' },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  },
  // The code is encrypted with the pool's KMS key: the function decrypts it (Cognito guide, "Custom sender Lambda triggers").
  CustomEmailSender: { source: 'CustomEmailSender_SignUp', request: { type: 'customEmailSenderRequestV1', code: 'AYADeBgs...EXAMPLE' }, response: undefined },
  CustomSMSSender: { source: 'CustomSMSSender_SignUp', request: { type: 'customSMSSenderRequestV1', code: 'AYADeBgs...EXAMPLE' }, response: undefined },
} as const;

export type CognitoTrigger = keyof typeof COGNITO_TRIGGERS;

export interface CognitoOptions {
  /** A trigger (PreSignUp) or one of its trigger sources (PreSignUp_AdminCreateUser). */
  readonly trigger?: string;
  readonly userPool?: string;
  readonly userAttributes?: Readonly<Record<string, unknown>>;
}

/**
 * The trigger a name means: the trigger itself, or a trigger source whose prefix names it (PreSignUp_ExternalProvider,
 * TokenGeneration_RefreshTokens, CustomMessage_ForgotPassword), kept as the event's triggerSource.
 */
export function cognitoTrigger(name: string): { trigger: CognitoTrigger; source: string } | undefined {
  if (Object.hasOwn(COGNITO_TRIGGERS, name)) return { trigger: name as CognitoTrigger, source: COGNITO_TRIGGERS[name as CognitoTrigger].source };
  const prefix = name.split('_')[0];
  const entry = (Object.entries(COGNITO_TRIGGERS) as Array<[CognitoTrigger, (typeof COGNITO_TRIGGERS)[CognitoTrigger]]>).find(([, t]) => t.source.split('_')[0] === prefix);
  return entry && /^[A-Za-z]+_[A-Za-z]+$/.test(name) ? { trigger: entry[0], source: name } : undefined;
}

/** A Cognito user pool trigger's event. */
export function cognitoEvent(ctx: GenerateContext, options: CognitoOptions = {}) {
  const chosen = cognitoTrigger(options.trigger ?? 'PreSignUp');
  if (!chosen) {
    throw new UserError(`--trigger must be a Cognito user pool trigger or a trigger source, not '${options.trigger}'`, { hint: `Triggers: ${Object.keys(COGNITO_TRIGGERS).join(', ')}`, exitCode: 2 });
  }
  const userPoolId = options.userPool ?? `${ctx.region}_EXAMPLE12`;
  // User pool ids: region_ then letters and digits (DescribeUserPool, UserPoolId: [\w-]+_[0-9a-zA-Z]+).
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) throw new UserError(`--user-pool must be a user pool id like us-east-1_EXAMPLE12, not '${userPoolId}'`, { exitCode: 2 });
  const spec = COGNITO_TRIGGERS[chosen.trigger];
  const sub = ctx.newId();
  const userAttributes = options.userAttributes ?? { sub, 'cognito:user_status': 'CONFIRMED', email_verified: 'true', email: 'user@example.com' };
  // UserMigration is called for a user the pool does not have yet: no attributes, only what they typed.
  const request = chosen.trigger === 'UserMigration' ? { ...spec.request } : { userAttributes, ...spec.request };
  return {
    version: '1',
    triggerSource: chosen.source,
    region: userPoolId.split('_')[0]!,
    userPoolId,
    userName: chosen.trigger === 'PreSignUp' || chosen.trigger === 'UserMigration' ? 'jane' : sub,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789abcdefghij' },
    request: structuredClone(request),
    ...(spec.response ? { response: structuredClone(spec.response) } : {}),
  };
}
