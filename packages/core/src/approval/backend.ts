/**
 * How the approval task talks to a code host. The GitHub and Azure adapters implement it;
 * the CLI uses a terminal prompt or a decision file. (Shape owned by the approval module.)
 */
export interface ApprovalBackend {
  readonly host: 'github' | 'azure' | 'cli'
}
