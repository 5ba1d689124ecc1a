/** Credentials of the test users; their hashes are made in vitest.config.ts with our own hasher. */
export const TEST_USERS = { alice: "alice-secret", bob: "bob-secret", carol: "carol-secret", dave: "dave-secret" } as const;
export const TEST_TOKEN_SECRET = "test-token-secret-0123456789abcdef";
