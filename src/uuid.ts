/**
 * The shape of what crypto.randomUUID() makes, which is every id this back-end hands out for logs
 * and services: a string of another shape names none of them, and is refused before it is used
 * in a storage key or a cache lookup.
 */
const RANDOM_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isRandomUuid(id: string): boolean {
  return RANDOM_UUID.test(id);
}
