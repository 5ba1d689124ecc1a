/**
 * Where users' files live in the FILES bucket. Other parts of the back-end (load_stac, raster
 * byte sources) read users' files through these, so the layout is defined once.
 */
export function userFilesPrefix(userId: string): string {
  return `users/${userId}/`;
}

/** The R2 key of a validated user file path (see validateFilePath). User ids contain no '/'. */
export function userFileKey(userId: string, path: string): string {
  return `${userFilesPrefix(userId)}${path}`;
}
