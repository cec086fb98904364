/**
 * A SAM function resource for a template's Resources, after `Resources:` or another resource (the text starts with a
 * newline): `id`, with Handler app.handler and Runtime python3.12 unless `runtime` says otherwise, then `properties`
 * (more lines under Properties, each after a newline) and, when given, `events` under Events (as the test writes them,
 * ` {}` or lines each after a newline).
 */
export function samFunction(id: string, { events, properties = '', runtime = 'python3.12' }: { events?: string; properties?: string; runtime?: string } = {}): string {
  return `
  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: ${runtime}${properties}${events ? `
      Events:${events}` : ''}`;
}
