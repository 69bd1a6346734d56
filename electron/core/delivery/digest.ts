/** The digest builder lives with the message composer; this path stays for the engine's imports. */
export * from '../messages/digest'
