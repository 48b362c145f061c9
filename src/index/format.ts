/**
 * Version of the index file layout (src/index/persist.ts) and of how passages are cut: a change to either bumps this,
 * so that an incremental build does not keep passages cut the old way.
 */
export const INDEX_FORMAT_VERSION = 41;
